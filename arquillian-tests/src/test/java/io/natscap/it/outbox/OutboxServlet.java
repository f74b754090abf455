package io.natscap.it.outbox;

import io.natscap.cap.CapPublisher;
import io.natscap.cap.CapMonitor;
import io.natscap.cap.MessageQuery;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code POST /outbox?op=commit|rollback|reserved|resource|own-id&id=..[&msg=..]}: runs the business method and
 * answers 200 with the message id, or 500 with the exception's message.
 * {@code GET /outbox?order=..}: whether the order row exists, and how many outbox rows its event has;
 * {@code GET /outbox?message=..}: the status of the published message with that cap-msg-id.
 */
@WebServlet("/outbox")
public class OutboxServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @EJB
    private OrderService orders;

    @EJB
    private OrdersTable table;

    @EJB
    private CapMonitor monitor;

    @Resource(lookup = "java:module/CapPublisher")
    private CapPublisher byLookup;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String id = request.getParameter("id");
        try {
            long messageId = switch (request.getParameter("op")) {
                case "commit" -> orders.placeOrder(id);
                case "rollback" -> orders.placeOrderThenFail(id);
                case "reserved" -> orders.placeOrderWithReservedHeader(id);
                case "own-id" -> orders.placeOrderWithOwnId(id, request.getParameter("msg"));
                default -> byLookup.publish("itorders.created", Map.of("orderId", id));
            };
            answer(response, 200, Long.toString(messageId));
        } catch (Exception e) {
            Throwable cause = e;
            while (cause.getCause() != null && cause.getClass().getName().startsWith("jakarta.ejb")) {
                cause = cause.getCause();
            }
            answer(response, 500, cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            String message = request.getParameter("message");
            if (message != null) {
                answer(response, 200, monitor.publishedMessage(Long.parseLong(message))
                        .map(m -> m.status().name()).orElse("none"));
                return;
            }
            String order = request.getParameter("order");
            answer(response, 200, "order=" + table.exists(order) + " events=" + eventsOf(order));
        } catch (Exception e) {
            answer(response, 500, e.toString());
        }
    }

    /** The outbox rows whose event is about this order. */
    private long eventsOf(String order) {
        String value = "\"orderId\":\"" + order + "\"";
        return monitor.published(MessageQuery.all().withName("itorders.created").withLimit(MessageQuery.MAX_LIMIT))
                .messages().stream().filter(m -> m.content().contains(value)).count();
    }

    private static void answer(HttpServletResponse response, int status, String text) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain");
        response.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    }
}
