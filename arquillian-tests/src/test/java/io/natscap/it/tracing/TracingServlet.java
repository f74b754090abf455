package io.natscap.it.tracing;

import io.natscap.cap.CapPublisher;
import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** {@code POST /trace?value=..}: publishes the value on ittrace.orders and answers its cap-msg-id. */
@WebServlet("/trace")
public class TracingServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @EJB
    private CapPublisher publisher;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long id = publisher.publish("ittrace.orders", request.getParameter("value"));
        response.setContentType("text/plain");
        response.getOutputStream().write(Long.toString(id).getBytes(StandardCharsets.UTF_8));
    }
}
