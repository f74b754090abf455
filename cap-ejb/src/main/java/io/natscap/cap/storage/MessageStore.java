package io.natscap.cap.storage;

import io.natscap.cap.MessageStatus;

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
import java.util.UUID;


/**
 * The outbox table on a JDBC DataSource. Inside a JTA transaction the container enlists the
 * connection, so {@link #insert} is part of the caller's transaction; every other method runs
 * outside one (its own auto-committed statements).
 */
public final class MessageStore {

    /** CAP's version column. */
    public static final String VERSION = "v1";

    private final DataSource dataSource;
    private final Dialect dialect;
    private final String prefix;

    private MessageStore(DataSource dataSource, Dialect dialect, String prefix) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.prefix = prefix;
    }

    /** Detects the database, creates the tables and indexes if missing. */
    public static MessageStore open(DataSource dataSource, String tablePrefix) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Dialect dialect = Dialect.of(connection.getMetaData().getDatabaseProductName());
            try (Statement statement = connection.createStatement()) {
                for (String ddl : dialect.createTables(tablePrefix)) {
                    statement.execute(ddl);
                }
            }
            return new MessageStore(dataSource, dialect, tablePrefix);
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    /**
     * Stores a message. {@code lockedUntil}: the lease of the instance that will send it right
     * after the commit (null for a delayed message, which waits for its time).
     */
    public void insert(long id, String name, String content, Instant added, Instant expiresAt, MessageStatus status,
                       Instant lockedUntil) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(dialect.insertPublished(prefix))) {
            insert.setLong(1, id);
            insert.setString(2, VERSION);
            insert.setString(3, name);
            insert.setString(4, content);
            insert.setTimestamp(5, Timestamp.from(added));
            insert.setTimestamp(6, expiresAt == null ? null : Timestamp.from(expiresAt));
            insert.setString(7, status.name());
            insert.setTimestamp(8, lockedUntil == null ? null : Timestamp.from(lockedUntil));
            insert.executeUpdate();
        }
    }

    /** Claims Scheduled and Failed rows with retries left whose lease is free. */
    public List<StoredMessage> claimForRetry(int maxRetries, Instant now, Instant leaseUntil, int limit) throws SQLException {
        return claim("", "StatusName IN ('Scheduled', 'Failed') AND Retries < " + maxRetries, null, now, leaseUntil, limit);
    }

    /** Claims Delayed rows whose time has come; they become Queued. */
    public List<StoredMessage> claimDue(Instant now, Instant leaseUntil, int limit) throws SQLException {
        return claim("StatusName = 'Queued',", "StatusName = 'Delayed' AND ExpiresAt <= ?", now, now, leaseUntil, limit);
    }

    private List<StoredMessage> claim(String set, String condition, Instant conditionTime, Instant now, Instant leaseUntil,
                                      int limit) throws SQLException {
        return againIfConflicting(() -> claimOnce(set, condition, conditionTime, now, leaseUntil, limit));
    }

    private List<StoredMessage> claimOnce(String set, String condition, Instant conditionTime, Instant now, Instant leaseUntil,
                                          int limit) throws SQLException {
        String token = UUID.randomUUID().toString();
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement claim = connection.prepareStatement(dialect.claim(prefix, set, condition))) {
                int i = 1;
                claim.setTimestamp(i++, Timestamp.from(leaseUntil));
                claim.setString(i++, token);
                if (conditionTime != null) {
                    claim.setTimestamp(i++, Timestamp.from(conditionTime));
                }
                claim.setTimestamp(i++, Timestamp.from(now));
                claim.setInt(i++, limit);
                if (dialect.rechecksLease()) {
                    claim.setTimestamp(i, Timestamp.from(now));
                }
                if (claim.executeUpdate() == 0) {
                    return List.of();
                }
            }
            List<StoredMessage> claimed = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(dialect.selectClaimed(prefix))) {
                select.setString(1, token);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        claimed.add(new StoredMessage(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getInt(4),
                                MessageStatus.valueOf(rows.getString(5))));
                    }
                }
            }
            return claimed;
        }
    }

    /** Sent: Succeeded until {@code expiresAt}, lease released. One batch, one connection. */
    public void markSucceeded(List<Long> ids, Instant expiresAt) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        againIfConflicting(() -> {
            markSucceededOnce(ids, expiresAt);
            return null;
        });
    }

    private void markSucceededOnce(List<Long> ids, Instant expiresAt) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(dialect.markSucceeded(prefix))) {
            for (long id : ids) {
                update.setTimestamp(1, Timestamp.from(expiresAt));
                update.setLong(2, id);
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /**
     * Not sent: Failed with the new retry count and the content that records the exception;
     * {@code expiresAt} is set when the message is given up, null while it will be retried.
     */
    public void markFailed(long id, int retries, String content, Instant expiresAt) throws SQLException {
        againIfConflicting(() -> {
            markFailedOnce(id, retries, content, expiresAt);
            return null;
        });
    }

    private void markFailedOnce(long id, int retries, String content, Instant expiresAt) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(dialect.markFailed(prefix))) {
            update.setInt(1, retries);
            update.setString(2, content);
            update.setTimestamp(3, expiresAt == null ? null : Timestamp.from(expiresAt));
            update.setLong(4, id);
            update.executeUpdate();
        }
    }

    /** Deletes at most {@code limit} expired Succeeded/Failed rows of both tables; how many went. */
    public int deleteExpired(Instant now, int limit) throws SQLException {
        int deleted = 0;
        try (Connection connection = dataSource.getConnection()) {
            for (String table : List.of(prefix + "_published", prefix + "_received")) {
                try (PreparedStatement delete = connection.prepareStatement(dialect.deleteExpired(table))) {
                    delete.setTimestamp(1, Timestamp.from(now));
                    delete.setInt(2, limit);
                    deleted += delete.executeUpdate();
                }
            }
        }
        return deleted;
    }

    /**
     * The inbox row of a message id in a group: inserted (Scheduled, or {@code status} for a
     * malformed message) if it is new, read back if an earlier delivery stored it. Runs in the
     * caller's transaction: the inbox calls it in a transaction of its own.
     */
    public ReceivedRow admitReceived(long rowId, long messageId, String name, String group, String content,
                                     MessageStatus status, Instant expiresAt) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Optional<ReceivedRow> existing = findReceived(connection, messageId, group);
            if (existing.isPresent()) {
                return existing.get();
            }
            try (PreparedStatement insert = connection.prepareStatement(dialect.insertReceived(prefix))) {
                insert.setLong(1, rowId);
                insert.setLong(2, messageId);
                insert.setString(3, VERSION);
                insert.setString(4, name);
                insert.setString(5, group);
                insert.setString(6, content);
                insert.setInt(7, 0);
                insert.setTimestamp(8, Timestamp.from(Instant.now()));
                insert.setTimestamp(9, expiresAt == null ? null : Timestamp.from(expiresAt));
                insert.setString(10, status.name());
                insert.executeUpdate();
                return new ReceivedRow(rowId, status, 0, true);
            } catch (SQLException e) {
                // another delivery of the same id inserted it meanwhile: the unique key says so
                if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                    return findReceived(connection, messageId, group).orElseThrow(() -> e);
                }
                throw e;
            }
        }
    }

    /** The inbox row of a message id in a group, if any. */
    public Optional<ReceivedRow> findReceived(long messageId, String group) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return findReceived(connection, messageId, group);
        }
    }

    private Optional<ReceivedRow> findReceived(Connection connection, long messageId, String group) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(dialect.selectReceived(prefix))) {
            select.setLong(1, messageId);
            select.setString(2, group);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next()
                        ? Optional.of(new ReceivedRow(rows.getLong(1), MessageStatus.valueOf(rows.getString(2)), rows.getInt(3), false))
                        : Optional.empty();
            }
        }
    }

    /** In the subscriber's transaction: false when another delivery had already succeeded. */
    public boolean markReceivedSucceeded(long rowId, Instant expiresAt) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(dialect.markReceivedSucceeded(prefix))) {
            update.setTimestamp(1, Timestamp.from(expiresAt));
            update.setLong(2, rowId);
            return update.executeUpdate() == 1;
        }
    }

    /** A failed attempt: retries, the content that records the exception, ExpiresAt once given up. */
    public void markReceivedFailed(long rowId, int retries, String content, Instant expiresAt) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(dialect.markReceivedFailed(prefix))) {
            update.setInt(1, retries);
            update.setString(2, content);
            update.setTimestamp(3, expiresAt == null ? null : Timestamp.from(expiresAt));
            update.setLong(4, rowId);
            update.executeUpdate();
        }
    }

    /** How many inbox rows of a group are in each status. */
    public Map<MessageStatus, Long> countReceivedByStatus(String group) throws SQLException {
        Map<MessageStatus, Long> counts = new EnumMap<>(MessageStatus.class);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(dialect.countReceivedByStatus(prefix))) {
            select.setString(1, group);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    counts.put(MessageStatus.valueOf(rows.getString(1)), rows.getLong(2));
                }
            }
        }
        return counts;
    }

    /**
     * Runs a statement again when the database chose it as the victim of a deadlock or a
     * serialization conflict (SQLState class 40): instances claiming and updating rows of one
     * table at once can collide, and the statement is safe to repeat.
     */
    private static <T> T againIfConflicting(SqlWork<T> work) throws SQLException {
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
    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    /** How many published rows are in each status (for dashboards and tests). */
    public Map<MessageStatus, Long> countByStatus() throws SQLException {
        Map<MessageStatus, Long> counts = new EnumMap<>(MessageStatus.class);
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(dialect.countByStatus(prefix))) {
            while (rows.next()) {
                counts.put(MessageStatus.valueOf(rows.getString(1)), rows.getLong(2));
            }
        }
        return counts;
    }

    /** A row's status and retries, if it exists. */
    public Optional<StoredMessage> find(long id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(dialect.selectStatus(prefix))) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next()
                        ? Optional.of(new StoredMessage(id, null, null, rows.getInt(2), MessageStatus.valueOf(rows.getString(1))))
                        : Optional.empty();
            }
        }
    }
}
