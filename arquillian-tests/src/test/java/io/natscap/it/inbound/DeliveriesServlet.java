package io.natscap.it.inbound;

import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** {@code GET /deliveries?name=..}: one line per delivery, as {@link Deliveries} records them. */
@WebServlet("/deliveries")
public class DeliveriesServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @EJB
    private Deliveries deliveries;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.getOutputStream().write(String.join("\n", deliveries.of(request.getParameter("name"))).getBytes(StandardCharsets.UTF_8));
    }
}
