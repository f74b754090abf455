package io.natscap.it.subscribers;

import io.natscap.cap.CapPublisher;
import io.natscap.cap.CapMonitor;
import io.natscap.cap.MessageQuery;
import jakarta.ejb.EJB;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/**
 * {@code POST /subscribers?name=..[&callback=..]} with an OrderCreated as JSON: publishes it,
 * answers the message id. {@code GET /subscribers?received=..}: what a subscriber recorded ({@link Handled}, one per line);
 * {@code GET /subscribers?exhausted}: the RetriesExhausted events.
 * {@code GET /subscribers?group=..[&id=..]}: the group's inbox rows by status, or one row.
 */
@WebServlet("/subscribers")
public class SubscribersServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @EJB
    private CapPublisher publisher;

    @EJB
    private Received received;

    @EJB
    private CapMonitor monitor;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        OrderCreated order = JsonbBuilder.create().fromJson(request.getInputStream(), OrderCreated.class);
        String callback = request.getParameter("callback");
        long id = callback == null ? publisher.publish(request.getParameter("name"), order)
                : publisher.publish(request.getParameter("name"), order, callback);
        answer(response, Long.toString(id));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            if (request.getParameter("received") != null) {
                answer(response, received.of(request.getParameter("received")).stream().map(Handled::line)
                        .collect(Collectors.joining("\n")));
            } else if (request.getParameter("exhausted") != null) {
                // "<cap-msg-id> <name> <retries>" per RetriesExhausted event
                answer(response, received.exhausted().stream().map(e -> e.messageId() + " " + e.name() + " " + e.retries())
                        .collect(Collectors.joining("\n")));
            } else if (request.getParameter("id") != null) {
                long messageId = Long.parseLong(request.getParameter("id"));
                // "<row id> <status> <retries>" of the message's inbox row in the group, or "none"
                answer(response, monitor.received(MessageQuery.all().withGroup(request.getParameter("group"))
                                .withLimit(MessageQuery.MAX_LIMIT)).messages().stream()
                        .filter(row -> row.messageId() == messageId)
                        .map(row -> row.id() + " " + row.status() + " " + row.retries())
                        .findFirst().orElse("none"));
            } else {
                answer(response, String.valueOf(monitor.receivedCounts(request.getParameter("group"))));
            }
        } catch (Exception e) {
            response.setStatus(500);
            answer(response, e.toString());
        }
    }

    private static void answer(HttpServletResponse response, String text) throws IOException {
        response.setContentType("text/plain");
        response.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    }
}
