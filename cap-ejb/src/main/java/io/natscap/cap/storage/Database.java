package io.natscap.cap.storage;

import io.natscap.cap.MessageQuery;
import io.natscap.cap.MessagePage;
import io.natscap.cap.MessageStatus;
import io.natscap.cap.MonitoredMessage;
import io.natscap.cap.messages.CapMessage;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * natscap's tables on one DataSource: the database's dialect, the table prefix, and what the
 * stores share (statements repeated after a deadlock, the monitoring view of rows). Inside a JTA
 * transaction the container enlists each connection, so a store's statement is part of the
 * caller's transaction; outside one each statement commits on its own.
 */
public final class Database {

    private final DataSource dataSource;
    private final Dialect dialect;
    private final String prefix;

    private Database(DataSource dataSource, Dialect dialect, String prefix) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.prefix = prefix;
    }

    /**
     * Detects the database, creates the tables and indexes if missing.
     *
     * @param dataSourceName how the application names the data source (cap.dataSource), for errors
     */
    public static Database open(DataSource dataSource, String tablePrefix, String dataSourceName) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Dialect dialect = Dialect.of(connection.getMetaData().getDatabaseProductName(), dataSourceName);
            try (Statement statement = connection.createStatement()) {
                for (String ddl : dialect.createTables(tablePrefix)) {
                    statement.execute(ddl);
                }
            }
            return new Database(dataSource, dialect, tablePrefix);
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    String prefix() {
        return prefix;
    }

    Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /**
     * Runs a statement again when the database chose it as the victim of a deadlock or a
     * serialization conflict (SQLState class 40): instances claiming and updating rows of one
     * table at once can collide, and the statements given here are safe to repeat.
     */
    static <T> T againIfConflicting(SqlWork<T> work) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.run();
            } catch (SQLException e) {
                if (attempt >= 5 || e.getSQLState() == null || !e.getSQLState().startsWith("40")) {
                    throw e;
                }
            }
        }
    }

    @FunctionalInterface
    interface SqlWork<T> {
        T run() throws SQLException;
    }

    /** Counts by status of a query whose rows are (StatusName, COUNT). */
    Map<MessageStatus, Long> countByStatus(String sql, String... parameters) throws SQLException {
        Map<MessageStatus, Long> counts = new EnumMap<>(MessageStatus.class);
        try (Connection connection = connection(); PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setString(i + 1, parameters[i]);
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    counts.put(MessageStatus.valueOf(rows.getString(1)), rows.getLong(2));
                }
            }
        }
        return counts;
    }

    /** Rows of a table added per hour and status since {@code from}. */
    List<HourCount> hourlyCounts(String table, Instant from) throws SQLException {
        List<HourCount> counts = new ArrayList<>();
        try (Connection connection = connection();
             PreparedStatement select = connection.prepareStatement(dialect.hourlyCounts(table))) {
            select.setTimestamp(1, timestamp(from));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    counts.add(new HourCount(instant(rows.getTimestamp(1)), MessageStatus.valueOf(rows.getString(2)),
                            rows.getLong(3)));
                }
            }
        }
        return counts;
    }

    /** How many rows in one status were added in the hour that starts at {@code hour}. */
    public record HourCount(Instant hour, MessageStatus status, long messages) {
    }

    /** A page of a table's rows, newest (highest id) first; the indexes on (StatusName, Id) and the key serve it. */
    MessagePage list(String table, boolean received, MessageQuery query) throws SQLException {
        StringBuilder sql = new StringBuilder(dialect.selectRows(table, received)).append(" WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        if (query.status() != null) {
            sql.append(" AND StatusName = ?");
            parameters.add(query.status().name());
        }
        if (query.name() != null) {
            sql.append(" AND Name = ?");
            parameters.add(query.name());
        }
        if (query.group() != null && received) {
            sql.append(" AND ").append(dialect.group()).append(" = ?");
            parameters.add(query.group());
        }
        if (query.addedFrom() != null) {
            sql.append(" AND Added >= ?");
            parameters.add(timestamp(query.addedFrom()));
        }
        if (query.addedBefore() != null) {
            sql.append(" AND Added < ?");
            parameters.add(timestamp(query.addedBefore()));
        }
        if (query.before() != null) {
            sql.append(" AND Id < ?");
            parameters.add(query.before());
        }
        parameters.add(query.limit() + 1); // one more tells whether there is a next page
        List<MonitoredMessage> rows = select(dialect.limited(sql.append(" ORDER BY Id DESC").toString()), parameters);
        if (rows.size() <= query.limit()) {
            return new MessagePage(rows, null);
        }
        List<MonitoredMessage> page = rows.subList(0, query.limit());
        return new MessagePage(page, page.get(page.size() - 1).id());
    }

    Optional<MonitoredMessage> row(String table, boolean received, long id) throws SQLException {
        List<MonitoredMessage> rows = select(dialect.selectRows(table, received) + " WHERE Id = ?", List.of(id));
        return rows.stream().findFirst();
    }

    private List<MonitoredMessage> select(String sql, List<Object> parameters) throws SQLException {
        List<MonitoredMessage> result = new ArrayList<>();
        try (Connection connection = connection(); PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                select.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String content = rows.getString(6);
                    result.add(new MonitoredMessage(rows.getLong(1), rows.getLong(2), rows.getString(3), rows.getString(4),
                            rows.getString(5), content, CapMessage.exceptionIn(content), rows.getInt(7),
                            instant(rows.getTimestamp(8)), instant(rows.getTimestamp(9)),
                            MessageStatus.valueOf(rows.getString(10))));
                }
            }
        }
        return result;
    }

    boolean delete(String table, long id) throws SQLException {
        try (Connection connection = connection(); PreparedStatement delete = connection.prepareStatement(dialect.deleteRow(table))) {
            delete.setLong(1, id);
            return delete.executeUpdate() == 1;
        }
    }

    /** Deletes at most {@code limit} expired Succeeded/Failed rows of a table; how many went. */
    int deleteExpired(String table, Instant now, int limit) throws SQLException {
        try (Connection connection = connection();
             PreparedStatement delete = connection.prepareStatement(dialect.deleteExpired(table))) {
            bindDeleteExpired(delete, now, limit);
            return delete.executeUpdate();
        }
    }

    /** The parameters of {@link Dialect#deleteExpired}, in its order. */
    static void bindDeleteExpired(PreparedStatement delete, Instant now, int limit) throws SQLException {
        delete.setTimestamp(1, timestamp(now));
        delete.setInt(2, limit);
    }
}
