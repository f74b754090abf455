package io.natscap.cap.storage;

import io.natscap.cap.CapMonitor;
import io.natscap.cap.MessagePage;
import io.natscap.cap.MessageQuery;
import io.natscap.cap.MessageStatus;
import io.natscap.cap.MonitoredMessage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The published table (the outbox). {@link #insert} runs in the caller's transaction; the
 * processors claim rows with a lease ({@code LockedUntil}, {@code LockedBy}) in one conditional
 * UPDATE, so that two instances never send the same row at the same time.
 */
public final class PublishedStore {

    private final Database db;
    private final Dialect dialect;
    private final String prefix;
    private final String table;
    /** CAP's Version column: cap.version. */
    private final String version;

    public PublishedStore(Database db, String version) {
        this.db = db;
        this.version = version;
        this.dialect = db.dialect();
        this.prefix = db.prefix();
        this.table = prefix + "_published";
    }

    /**
     * Stores a message. {@code lockedUntil}: the lease of the instance that will send it right
     * after the commit (null for a delayed message, which waits for its time).
     */
    public void insert(long id, String name, String content, Instant added, Instant expiresAt, MessageStatus status,
                       Instant lockedUntil) throws SQLException {
        try (Connection connection = db.connection();
             PreparedStatement insert = connection.prepareStatement(dialect.insertPublished(prefix))) {
            insert.setLong(1, id);
            insert.setString(2, version);
            insert.setString(3, name);
            insert.setString(4, content);
            insert.setTimestamp(5, Database.timestamp(added));
            insert.setTimestamp(6, Database.timestamp(expiresAt));
            insert.setString(7, status.name());
            insert.setTimestamp(8, Database.timestamp(lockedUntil));
            insert.executeUpdate();
        }
    }

    /** Claims Scheduled and Failed rows with retries left whose lease is free. */
    public List<StoredMessage> claimForRetry(int maxRetries, Instant now, Instant leaseUntil, int limit) throws SQLException {
        return claim("", retryCondition(maxRetries), null, now, leaseUntil, limit);
    }

    /** Claims Delayed rows whose time has come; they become Queued. */
    public List<StoredMessage> claimDue(Instant now, Instant leaseUntil, int limit) throws SQLException {
        return claim(QUEUE_DUE, DUE_CONDITION, now, now, leaseUntil, limit);
    }

    private static String retryCondition(int maxRetries) {
        return "StatusName IN ('Scheduled', 'Failed') AND Retries < " + maxRetries;
    }

    private static final String QUEUE_DUE = "StatusName = 'Queued',";
    private static final String DUE_CONDITION = "StatusName = 'Delayed' AND ExpiresAt <= ?";

    private List<StoredMessage> claim(String set, String condition, Instant conditionTime, Instant now, Instant leaseUntil,
                                      int limit) throws SQLException {
        return Database.againIfConflicting(() -> claimOnce(set, condition, conditionTime, now, leaseUntil, limit));
    }

    private List<StoredMessage> claimOnce(String set, String condition, Instant conditionTime, Instant now, Instant leaseUntil,
                                          int limit) throws SQLException {
        String token = UUID.randomUUID().toString();
        try (Connection connection = db.connection()) {
            try (PreparedStatement claim = connection.prepareStatement(dialect.claim(prefix, set, condition))) {
                bindClaim(claim, token, conditionTime, now, leaseUntil, limit);
                if (claim.executeUpdate() == 0) {
                    return List.of();
                }
            }
            return claimed(connection, token);
        }
    }

    /** The parameters of {@link Dialect#claim}, in its order. */
    private void bindClaim(PreparedStatement claim, String token, Instant conditionTime, Instant now, Instant leaseUntil, int limit)
            throws SQLException {
        int i = 1;
        claim.setTimestamp(i++, Database.timestamp(leaseUntil));
        claim.setString(i++, token);
        if (conditionTime != null) {
            claim.setTimestamp(i++, Database.timestamp(conditionTime));
        }
        claim.setTimestamp(i++, Database.timestamp(now));
        claim.setInt(i++, limit);
        if (dialect.rechecksLease()) {
            claim.setTimestamp(i, Database.timestamp(now));
        }
    }

    /**
     * How this database plans each statement the processors run against the table, with the
     * parameters they pass (EXPLAIN, nothing executed): the retry and delayed claims, the read of
     * what was claimed, the expiry clean-up and the backlog count. For checking that a table of
     * millions of old rows is served by its indexes (the benchmark's scale case shows them).
     *
     * @return each statement's plan, as the database words it, by what the statement is for
     */
    public Map<String, String> explainProcessorQueries(int maxRetries, int limit, Instant now) throws SQLException {
        Instant lease = now.plusSeconds(60); // any lease: EXPLAIN runs nothing
        String token = "explain";
        Map<String, String> plans = new LinkedHashMap<>();
        try (Connection connection = db.connection()) {
            plans.put("retry processor's claim", explain(connection, dialect.claim(prefix, "", retryCondition(maxRetries)),
                    statement -> bindClaim(statement, token, null, now, lease, limit)));
            plans.put("delayed processor's claim", explain(connection, dialect.claim(prefix, QUEUE_DUE, DUE_CONDITION),
                    statement -> bindClaim(statement, token, now, now, lease, limit)));
            plans.put("read of the claimed rows", explain(connection, dialect.selectClaimed(prefix),
                    statement -> statement.setString(1, token)));
            plans.put("expiry clean-up", explain(connection, dialect.deleteExpired(table),
                    statement -> Database.bindDeleteExpired(statement, now, limit)));
            plans.put("backlog count (monitor, health)", explain(connection, dialect.backlog(prefix),
                    statement -> statement.setInt(1, maxRetries)));
        }
        return plans;
    }

    private interface Binding {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private static String explain(Connection connection, String sql, Binding binding) throws SQLException {
        try (PreparedStatement explain = connection.prepareStatement("EXPLAIN " + sql)) {
            binding.bind(explain);
            StringBuilder plan = new StringBuilder();
            try (ResultSet rows = explain.executeQuery()) {
                int columns = rows.getMetaData().getColumnCount();
                while (rows.next()) {
                    for (int c = 1; c <= columns; c++) {
                        plan.append(c > 1 ? " | " : "").append(rows.getString(c));
                    }
                    plan.append('\n');
                }
            }
            return plan.toString().strip();
        }
    }

    private List<StoredMessage> claimed(Connection connection, String token) throws SQLException {
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

    /**
     * An operator's requeue: the row becomes Scheduled with no retries and the given content, and
     * is claimed by the caller until {@code leaseUntil}; empty when there is no such row.
     */
    public Optional<StoredMessage> requeue(long id, String content, Instant leaseUntil) throws SQLException {
        String token = UUID.randomUUID().toString();
        try (Connection connection = db.connection()) {
            try (PreparedStatement update = connection.prepareStatement(dialect.requeue(prefix))) {
                update.setString(1, content);
                update.setTimestamp(2, Database.timestamp(leaseUntil));
                update.setString(3, token);
                update.setLong(4, id);
                if (update.executeUpdate() == 0) {
                    return Optional.empty();
                }
            }
            return claimed(connection, token).stream().findFirst();
        }
    }

    /** Sent: Succeeded until {@code expiresAt}, lease released. One batch, one connection. */
    public void markSucceeded(List<Long> ids, Instant expiresAt) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        Database.againIfConflicting(() -> {
            try (Connection connection = db.connection();
                 PreparedStatement update = connection.prepareStatement(dialect.markSucceeded(prefix))) {
                for (long id : ids) {
                    update.setTimestamp(1, Database.timestamp(expiresAt));
                    update.setLong(2, id);
                    update.addBatch();
                }
                update.executeBatch();
            }
            return null;
        });
    }

    /**
     * Not sent: each row Failed with its new retry count and the content that records the
     * exception; {@code expiresAt} is set when the message is given up, null while it will be
     * retried. One batch, one connection: during an outage every committed message fails, and a
     * statement and a commit each made the outage's backlog twice as slow to write.
     */
    public void markFailed(List<FailedSend> failures) throws SQLException {
        if (failures.isEmpty()) {
            return;
        }
        Database.againIfConflicting(() -> {
            try (Connection connection = db.connection();
                 PreparedStatement update = connection.prepareStatement(dialect.markFailed(prefix))) {
                for (FailedSend failure : failures) {
                    update.setInt(1, failure.retries());
                    update.setString(2, failure.content());
                    update.setTimestamp(3, Database.timestamp(failure.expiresAt()));
                    update.setLong(4, failure.id());
                    update.addBatch();
                }
                update.executeBatch();
            }
            return null;
        });
    }

    /** A send that failed: the row's new retry count and content, and its expiry when it is given up (else null). */
    public record FailedSend(long id, int retries, String content, Instant expiresAt) {
    }

    /** Deletes at most {@code limit} expired Succeeded/Failed rows; how many went. */
    public int deleteExpired(Instant now, int limit) throws SQLException {
        return db.deleteExpired(table, now, limit);
    }

    /** How many rows are in each status. */
    public Map<MessageStatus, Long> countByStatus() throws SQLException {
        return db.countByStatus(dialect.countByStatus(prefix));
    }

    /** Rows added per hour and status since {@code from}. */
    public List<Database.HourCount> hourlyCounts(Instant from) throws SQLException {
        return db.hourlyCounts(table, from);
    }

    /** Rows still to be sent, and how long the oldest has waited. */
    public CapMonitor.Backlog backlog(int maxRetries, Instant now) throws SQLException {
        try (Connection connection = db.connection();
             PreparedStatement select = connection.prepareStatement(dialect.backlog(prefix))) {
            select.setInt(1, maxRetries);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                Instant oldest = Database.instant(rows.getTimestamp(2));
                return new CapMonitor.Backlog(rows.getLong(1),
                        oldest == null || oldest.isAfter(now) ? Duration.ZERO : Duration.between(oldest, now));
            }
        }
    }

    public MessagePage list(MessageQuery query) throws SQLException {
        return db.list(table, false, query);
    }

    public Optional<MonitoredMessage> get(long id) throws SQLException {
        return db.row(table, false, id);
    }

    public boolean delete(long id) throws SQLException {
        return db.delete(table, id);
    }
}
