package io.natscap.it.outbound;

import io.natscap.nats.JetStreamAck;
import io.natscap.nats.NatsConnection;
import io.natscap.nats.NatsConnectionFactory;
import jakarta.annotation.Resource;
import jakarta.resource.ResourceException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The application side of the outbound tests, deployed in Payara Micro: borrows from a pool the
 * way applications do ({@code @Resource(lookup = ...)}) and answers with what happened.
 *
 * <ul>
 *   <li>{@code POST /publish?pool=default|short&subject=..&id=..} with the body: JetStream publish;
 *       200 "stream sequence", or 503 with the exception's message</li>
 *   <li>{@code GET /state?pool=default|short}: borrows and answers the connection's state, or 503</li>
 * </ul>
 */
@WebServlet(urlPatterns = {"/publish", "/state"})
public class PublishingServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Resource(lookup = "jca/nats")
    private NatsConnectionFactory pool;

    @Resource(lookup = "jca/nats-short")
    private NatsConnectionFactory shortBudgetPool;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body = request.getInputStream().readAllBytes();
        try (NatsConnection connection = factory(request).getConnection()) {
            JetStreamAck ack = connection.jetStreamPublish(request.getParameter("subject"), null, body, request.getParameter("id"));
            answer(response, 200, ack.stream() + " " + ack.sequence());
        } catch (ResourceException e) {
            answer(response, 503, e.getMessage());
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try (NatsConnection connection = factory(request).getConnection()) {
            answer(response, 200, connection.state().name());
        } catch (ResourceException e) {
            answer(response, 503, e.getMessage());
        }
    }

    private NatsConnectionFactory factory(HttpServletRequest request) {
        return "short".equals(request.getParameter("pool")) ? shortBudgetPool : pool;
    }

    private static void answer(HttpServletResponse response, int status, String text) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain");
        response.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    }
}
