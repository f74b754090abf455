package io.natscap.it.inbound;

import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/** {@code GET /deliveries?name=..}: one {@link Delivery} per line. */
@WebServlet("/deliveries")
public class DeliveriesServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @EJB
    private Deliveries deliveries;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        String lines = deliveries.of(request.getParameter("name")).stream().map(Delivery::line).collect(Collectors.joining("\n"));
        response.getOutputStream().write(lines.getBytes(StandardCharsets.UTF_8));
    }
}
