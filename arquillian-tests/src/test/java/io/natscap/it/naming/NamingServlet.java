package io.natscap.it.naming;

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
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * {@code POST /naming}: publishes "orders.created" and answers its id. {@code GET /naming?id=..}:
 * {@code <group the subscriber saw> <Version of the published row> <Version of the received row>}.
 */
@WebServlet("/naming")
public class NamingServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @EJB
    private CapPublisher publisher;

    @Resource(lookup = "java:comp/DefaultDataSource")
    private DataSource dataSource;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        write(response, Long.toString(publisher.publish("orders.created", "order-1")));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long id = Long.parseLong(request.getParameter("id"));
        try {
            write(response, NamedBilling.GROUPS.get(id) + " " + version("SELECT Version FROM itname_published WHERE Id = ?", id)
                    + " " + version("SELECT Version FROM itname_received WHERE MessageId = ?", id));
        } catch (SQLException e) {
            throw new IOException(e);
        }
    }

    private String version(String sql, long id) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setLong(1, id);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    private static void write(HttpServletResponse response, String text) throws IOException {
        response.setContentType("text/plain");
        response.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    }
}
