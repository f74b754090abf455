package io.natscap.it.console;

import io.natscap.cap.CapPublisher;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The test's hands in the application: {@code POST /console-it/publish?value=..} (answers the
 * cap-msg-id), {@code POST /console-it/fault?on=..}, {@code GET /console-it/succeeded?value=..},
 * {@code POST /console-it/bulk?rows=..} (stores rows in cap_published as if sent long ago).
 */
@WebServlet("/console-it/*")
public class ConsoleServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @EJB
    private CapPublisher publisher;

    @Resource(lookup = "java:comp/DefaultDataSource")
    private DataSource dataSource;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String answer = switch (String.valueOf(request.getPathInfo())) {
            case "/publish" -> Long.toString(publisher.publish("itconsole.payments", request.getParameter("value")));
            case "/fault" -> {
                FaultyPayments.FAULT.set(Boolean.parseBoolean(request.getParameter("on")));
                yield "fault " + FaultyPayments.FAULT.get();
            }
            case "/bulk" -> Integer.toString(bulk(Integer.parseInt(request.getParameter("rows"))));
            default -> null;
        };
        reply(response, answer);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        AtomicInteger runs = FaultyPayments.SUCCEEDED.get(request.getParameter("value"));
        reply(response, "/succeeded".equals(request.getPathInfo()) ? Integer.toString(runs == null ? 0 : runs.get()) : null);
    }

    /**
     * Rows 1..n, older than any message natscap stores (its ids are far larger): Succeeded with a
     * Failed one in a hundred, given up (no retries left) so that nothing is sent, expiring in a year.
     */
    private int bulk(int rows) {
        String insert = "INSERT INTO cap_published (Id, Version, Name, Content, Retries, Added, ExpiresAt, StatusName) "
                + "VALUES (?, 'v1', 'itconsole.bulk', ?, ?, ?, ?, ?)";
        Instant added = Instant.now().minus(2, ChronoUnit.DAYS);
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(insert)) {
            for (int id = 1; id <= rows; id++) {
                boolean failed = id % 100 == 0;
                statement.setLong(1, id);
                statement.setString(2, "{\"Headers\":{\"cap-msg-id\":\"" + id + "\",\"cap-msg-name\":\"itconsole.bulk\"},"
                        + "\"Value\":{\"n\":" + id + "}}");
                statement.setInt(3, failed ? 100_000 : 0);
                statement.setTimestamp(4, Timestamp.from(added.plusMillis(id)));
                statement.setTimestamp(5, Timestamp.from(Instant.now().plus(365, ChronoUnit.DAYS)));
                statement.setString(6, failed ? "Failed" : "Succeeded");
                statement.addBatch();
                if (id % 1000 == 0) {
                    statement.executeBatch();
                }
            }
            statement.executeBatch();
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the bulk rows: " + e.getMessage(), e);
        }
    }

    private static void reply(HttpServletResponse response, String answer) throws IOException {
        if (answer == null) {
            response.sendError(404);
            return;
        }
        response.setContentType("text/plain");
        response.getOutputStream().write(answer.getBytes(StandardCharsets.UTF_8));
    }
}
