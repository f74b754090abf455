package io.natscap.cap.storage;

import io.natscap.cap.MessagePage;
import io.natscap.cap.MessageQuery;
import io.natscap.cap.MessageStatus;
import io.natscap.cap.MonitoredMessage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The received table (the inbox): one row per message id and subscriber group, so that a
 * subscriber runs once however often a message is delivered. Each method runs in the caller's
 * transaction when there is one.
 */
public final class ReceivedStore {

    private final Database db;
    private final Dialect dialect;
    private final String prefix;
    private final String table;
    /** CAP's Version column: cap.version. */
    private final String version;

    public ReceivedStore(Database db, String version) {
        this.db = db;
        this.version = version;
        this.dialect = db.dialect();
        this.prefix = db.prefix();
        this.table = prefix + "_received";
    }

    /**
     * The inbox row of a message id in a group: inserted (with {@code status}) if it is new, as
     * earlier deliveries left it otherwise. Safe inside a transaction and when deliveries of one id
     * run at the same time: no statement fails on the unique key (which on PostgreSQL would abort
     * the transaction); the second one waits for the first one's row and reads it.
     */
    public ReceivedRow admit(long rowId, long messageId, String name, String group, String content,
                             MessageStatus status, Instant expiresAt) throws SQLException {
        try (Connection connection = db.connection()) {
            try (PreparedStatement insert = connection.prepareStatement(dialect.admitReceived(prefix))) {
                insert.setLong(1, rowId);
                insert.setLong(2, messageId);
                insert.setString(3, version);
                insert.setString(4, name);
                insert.setString(5, group);
                insert.setString(6, content);
                insert.setTimestamp(7, Database.timestamp(Instant.now()));
                insert.setTimestamp(8, Database.timestamp(expiresAt));
                insert.setString(9, status.name());
                insert.executeUpdate();
            } catch (SQLException e) {
                // H2's MERGE can still meet a row another transaction inserted meanwhile; the read below finds it
                if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                    throw e;
                }
            }
            ReceivedRow row = find(connection, messageId, group, true).orElseThrow(() -> new SQLException(
                    "The inbox row of message " + messageId + " in group " + group + " is neither inserted nor found"));
            return row.id() == rowId ? new ReceivedRow(row.id(), row.status(), row.retries(), true) : row;
        }
    }

    /**
     * The inbox row of a message id in a group, if any: a plain read that locks nothing, so that a
     * failure recorded in a transaction of its own never waits for the subscriber's.
     */
    public Optional<ReceivedRow> find(long messageId, String group) throws SQLException {
        try (Connection connection = db.connection()) {
            return find(connection, messageId, group, false);
        }
    }

    private Optional<ReceivedRow> find(Connection connection, long messageId, String group, boolean locking) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(dialect.selectReceived(prefix, locking))) {
            select.setLong(1, messageId);
            select.setString(2, group);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next()
                        ? Optional.of(new ReceivedRow(rows.getLong(1), MessageStatus.valueOf(rows.getString(2)), rows.getInt(3), false))
                        : Optional.empty();
            }
        }
    }

    /** What {@link #succeed} did. */
    public enum Succeeded {
        /** The message had no row: it got one, Succeeded. */
        INSERTED,
        /** An earlier delivery's row (Failed, or Scheduled by a re-execute) is Succeeded now. */
        UPDATED,
        /** Another delivery of the id got there first: its row is Succeeded, this one must roll back. */
        ALREADY
    }

    /**
     * In the subscriber's transaction, after its business method, the one inbox write of a
     * delivery that succeeds: the message's row becomes Succeeded (until {@code expiresAt}),
     * inserted so if it is new. {@code rowExisted}: the delivery's first read found a row, so it is
     * updated; else it is inserted, and updated only if a row appeared meanwhile. Deliveries of one
     * id at the same time: the second waits for the first one's row (its unique key) and gets
     * {@link Succeeded#ALREADY}; MariaDB may instead end one of them with a deadlock error, which
     * rolls it back all the same.
     */
    public Succeeded succeed(boolean rowExisted, long rowId, long messageId, String name, String group, String content,
                             Instant expiresAt) throws SQLException {
        if (rowExisted) {
            return updateToSucceeded(messageId, group, expiresAt) ? Succeeded.UPDATED : Succeeded.ALREADY;
        }
        ReceivedRow row = admit(rowId, messageId, name, group, content, MessageStatus.Succeeded, expiresAt);
        if (row.fresh()) {
            return Succeeded.INSERTED;
        }
        // a row appeared meanwhile: another delivery's success, or a failure it recorded on its own
        return row.status() != MessageStatus.Succeeded && updateToSucceeded(messageId, group, expiresAt)
                ? Succeeded.UPDATED : Succeeded.ALREADY;
    }

    private boolean updateToSucceeded(long messageId, String group, Instant expiresAt) throws SQLException {
        try (Connection connection = db.connection();
             PreparedStatement update = connection.prepareStatement(dialect.succeedReceived(prefix))) {
            update.setTimestamp(1, Database.timestamp(expiresAt));
            update.setLong(2, messageId);
            update.setString(3, group);
            return update.executeUpdate() == 1;
        }
    }

    /** A failed attempt: retries, the content that records the exception, ExpiresAt once given up. */
    public void markFailed(long rowId, int retries, String content, Instant expiresAt) throws SQLException {
        try (Connection connection = db.connection();
             PreparedStatement update = connection.prepareStatement(dialect.markReceivedFailed(prefix))) {
            update.setInt(1, retries);
            update.setString(2, content);
            update.setTimestamp(3, Database.timestamp(expiresAt));
            update.setLong(4, rowId);
            update.executeUpdate();
        }
    }

    /** An operator's re-execute: the row waits for its subscriber again, with no retries; false when there is none. */
    public boolean reExecute(long rowId) throws SQLException {
        try (Connection connection = db.connection();
             PreparedStatement update = connection.prepareStatement(dialect.reExecute(prefix))) {
            update.setLong(1, rowId);
            return update.executeUpdate() == 1;
        }
    }

    /** How many inbox rows of a group (every group: null) are in each status. */
    public Map<MessageStatus, Long> countByStatus(String group) throws SQLException {
        return group == null
                ? db.countByStatus(dialect.countReceivedByStatus(prefix, false))
                : db.countByStatus(dialect.countReceivedByStatus(prefix, true), group);
    }

    /** Rows added per hour and status since {@code from}. */
    public List<Database.HourCount> hourlyCounts(Instant from) throws SQLException {
        return db.hourlyCounts(table, from);
    }

    /** Deletes at most {@code limit} expired Succeeded/Failed rows; how many went. */
    public int deleteExpired(Instant now, int limit) throws SQLException {
        return db.deleteExpired(table, now, limit);
    }

    public MessagePage list(MessageQuery query) throws SQLException {
        return db.list(table, true, query);
    }

    public Optional<MonitoredMessage> get(long id) throws SQLException {
        return db.row(table, true, id);
    }

    public boolean delete(long id) throws SQLException {
        return db.delete(table, id);
    }
}
