package io.natscap.cap.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The SQL of each database natscap supports: the one place it is written. Table names come from
 * {@code cap.tablePrefix}. Besides CAP's columns, published rows carry a lease
 * ({@code LockedUntil}, {@code LockedBy}): an instance claims rows by setting it in one
 * conditional UPDATE, so that two instances never send the same row at the same time.
 */
public enum Dialect {

    // H2: CHARACTER VARYING holds up to 10^9 characters in the row; a CLOB above 256 bytes goes to LOB storage, a write per row
    H2("CHARACTER VARYING", "TIMESTAMP", "\"Group\""),
    POSTGRESQL("TEXT", "TIMESTAMP", "\"Group\""),
    MARIADB("LONGTEXT", "DATETIME(3)", "`Group`");

    private final String text;
    private final String timestamp;
    private final String group;

    Dialect(String text, String timestamp, String group) {
        this.text = text;
        this.timestamp = timestamp;
        this.group = group;
    }

    /**
     * The dialect of a JDBC connection's database product, or a failure that names the data
     * source and what to configure (GlassFish's default data source is Derby, which natscap does
     * not support: its SQL lacks what the claims and the idempotent inbox need).
     */
    public static Dialect of(String databaseProductName, String dataSourceName) {
        String product = databaseProductName.toLowerCase(Locale.ROOT);
        if (product.contains("h2")) {
            return H2;
        }
        if (product.contains("postgres")) {
            return POSTGRESQL;
        }
        if (product.contains("mariadb") || product.contains("mysql")) {
            return MARIADB;
        }
        throw new IllegalStateException("The data source " + dataSourceName + " is " + databaseProductName
                + ", which natscap does not support: its tables need H2, PostgreSQL or MariaDB. Create a JDBC resource "
                + "for one of them and name it in cap.dataSource (MicroProfile Config), e.g. cap.dataSource=jdbc/orders");
    }

    /**
     * The tables, each with its indexes. MySQL has no {@code CREATE INDEX IF NOT EXISTS} (MariaDB
     * has), so on that family the indexes are declared inside {@code CREATE TABLE IF NOT EXISTS},
     * which both accept; elsewhere they are separate statements, so that an index added in a later
     * version reaches tables that exist already.
     */
    List<String> createTables(String prefix) {
        List<String> ddl = new ArrayList<>();
        table(ddl, prefix + "_published", "Id BIGINT NOT NULL PRIMARY KEY, "
                + "Version VARCHAR(20) NOT NULL, Name VARCHAR(200) NOT NULL, Content " + text + ", "
                + "Retries INT NOT NULL, Added " + timestamp + " NOT NULL, ExpiresAt " + timestamp + " NULL, "
                + "StatusName VARCHAR(50) NOT NULL, LockedUntil " + timestamp + " NULL, LockedBy VARCHAR(40) NULL",
                new String[][] {
                        {"pending", "StatusName, LockedUntil, Retries"},
                        {"expiry", "ExpiresAt, StatusName"},
                        {"claim", "LockedBy"},
                        {"list", "StatusName, Id"}});
        if (this == POSTGRESQL) {
            // the retry claim's oldest unsent rows, read in order: without it each claim of 200 sorted every unsent row,
            // and after an outage the drain of a backlog slowed as the backlog grew (100,000 rows: 30 ms a claim)
            ddl.add("CREATE INDEX IF NOT EXISTS " + prefix + "_published_unsent ON " + prefix + "_published (Added) "
                    + "WHERE StatusName IN ('Scheduled', 'Failed')");
        }
        table(ddl, prefix + "_received", "Id BIGINT NOT NULL PRIMARY KEY, MessageId BIGINT NOT NULL, "
                + "Version VARCHAR(20) NOT NULL, Name VARCHAR(200) NOT NULL, " + group + " VARCHAR(200) NOT NULL, "
                + "Content " + text + ", Retries INT NOT NULL, Added " + timestamp + " NOT NULL, "
                + "ExpiresAt " + timestamp + " NULL, StatusName VARCHAR(50) NOT NULL, "
                + "CONSTRAINT " + prefix + "_received_once UNIQUE (MessageId, " + group + ")",
                new String[][] {
                        {"expiry", "ExpiresAt, StatusName"},
                        {"list", "StatusName, Id"}});
        table(ddl, prefix + "_lock", key() + " VARCHAR(128) NOT NULL PRIMARY KEY, Instance VARCHAR(256), LastLockTime "
                + timestamp + " NULL", new String[0][]);
        return ddl;
    }

    /** A table and its indexes {@code <table>_<name>}, as this database takes them. */
    private void table(List<String> ddl, String table, String columns, String[][] indexes) {
        StringBuilder create = new StringBuilder("CREATE TABLE IF NOT EXISTS " + table + " (" + columns);
        List<String> separate = new ArrayList<>();
        for (String[] index : indexes) {
            if (this == MARIADB) {
                create.append(", INDEX ").append(table).append('_').append(index[0]).append(" (").append(index[1]).append(')');
            } else {
                separate.add("CREATE INDEX IF NOT EXISTS " + table + "_" + index[0] + " ON " + table + " (" + index[1] + ")");
            }
        }
        ddl.add(create.append(')').toString());
        ddl.addAll(separate);
    }

    private String key() {
        return this == MARIADB ? "`Key`" : "\"Key\"";
    }

    /** {@code sql} with at most {@code ?} rows: the one place each database's row limit is spelt. */
    String limited(String sql) {
        return this == MARIADB ? sql + " LIMIT ?" : sql + " FETCH FIRST ? ROWS ONLY";
    }

    String insertPublished(String prefix) {
        return "INSERT INTO " + prefix + "_published (Id, Version, Name, Content, Retries, Added, ExpiresAt, StatusName, LockedUntil) "
                + "VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?)";
    }

    /**
     * Claims at most {@code limit} rows matching {@code condition} for {@code LockedBy = ?} until
     * {@code LockedUntil = ?}. Parameters: lockedUntil, lockedBy, the condition's, now, limit,
     * and now once more where {@link #rechecksLease()}.
     * MariaDB: one single-table UPDATE whose WHERE is evaluated under the row locks, so a row
     * another instance claimed meanwhile no longer matches. PostgreSQL: the sub-select locks the
     * rows it picks and skips those another instance has locked (FOR UPDATE SKIP LOCKED).
     */
    String claim(String prefix, String set, String condition) {
        String table = prefix + "_published";
        String free = "(LockedUntil IS NULL OR LockedUntil < ?)";
        return switch (this) {
            case MARIADB -> "UPDATE " + table + " SET " + set + " LockedUntil = ?, LockedBy = ? WHERE " + condition
                    + " AND " + free + " ORDER BY Added LIMIT ?";
            case POSTGRESQL -> "UPDATE " + table + " SET " + set + " LockedUntil = ?, LockedBy = ? WHERE Id IN (SELECT Id FROM "
                    + table + " WHERE " + condition + " AND " + free + " ORDER BY Added LIMIT ? FOR UPDATE SKIP LOCKED)";
            // H2 does not re-check the sub-select after waiting for a row lock: the outer WHERE does
            case H2 -> "UPDATE " + table + " SET " + set + " LockedUntil = ?, LockedBy = ? WHERE Id IN (SELECT Id FROM "
                    + table + " WHERE " + condition + " AND " + free + " ORDER BY Added FETCH FIRST ? ROWS ONLY) AND " + free;
        };
    }

    /** Whether {@link #claim} ends with a second lease test (one more "now" parameter). */
    boolean rechecksLease() {
        return this == H2;
    }

    String selectClaimed(String prefix) {
        return "SELECT Id, Name, Content, Retries, StatusName FROM " + prefix + "_published WHERE LockedBy = ? ORDER BY Added";
    }

    String markSucceeded(String prefix) {
        return "UPDATE " + prefix + "_published SET StatusName = 'Succeeded', ExpiresAt = ?, LockedUntil = NULL, LockedBy = NULL"
                + " WHERE Id = ?";
    }

    String markFailed(String prefix) {
        return "UPDATE " + prefix + "_published SET StatusName = 'Failed', Retries = ?, Content = ?, ExpiresAt = ?, "
                + "LockedUntil = NULL, LockedBy = NULL WHERE Id = ?";
    }

    String deleteExpired(String table) {
        String expired = "ExpiresAt < ? AND StatusName IN ('Succeeded', 'Failed')";
        return switch (this) {
            case MARIADB -> "DELETE FROM " + table + " WHERE " + expired + " LIMIT ?";
            case POSTGRESQL -> "DELETE FROM " + table + " WHERE Id IN (SELECT Id FROM " + table + " WHERE " + expired + " LIMIT ?)";
            case H2 -> "DELETE FROM " + table + " WHERE Id IN (SELECT Id FROM " + table + " WHERE " + expired + " FETCH FIRST ? ROWS ONLY)";
        };
    }

    /**
     * Inserts a received row unless the message id already has one in the group, without an
     * error either way: on PostgreSQL a failed statement aborts the whole transaction, so a
     * unique-key violation must never happen inside the subscriber's or the inbox's transaction.
     * Parameters: Id, MessageId, Version, Name, Group, Content, Added, ExpiresAt, StatusName.
     * A second delivery of the same id waits for the first one's row lock, then inserts nothing.
     */
    String admitReceived(String prefix) {
        String table = prefix + "_received";
        String columns = "(Id, MessageId, Version, Name, " + group + ", Content, Retries, Added, ExpiresAt, StatusName)";
        return switch (this) {
            case POSTGRESQL -> "INSERT INTO " + table + " " + columns + " VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?) "
                    + "ON CONFLICT (MessageId, " + group + ") DO NOTHING";
            // a no-op update on the duplicate key: no error, no change (INSERT IGNORE would hide other errors too)
            case MARIADB -> "INSERT INTO " + table + " " + columns + " VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?) "
                    + "ON DUPLICATE KEY UPDATE Id = Id";
            case H2 -> "MERGE INTO " + table + " t USING (VALUES (CAST(? AS BIGINT), CAST(? AS BIGINT), ?, ?, ?, CAST(? AS "
                    + text + "), CAST(? AS TIMESTAMP), CAST(? AS TIMESTAMP), ?)) s (Id, MessageId, Version, Name, G, Content, "
                    + "Added, ExpiresAt, StatusName) ON t.MessageId = s.MessageId AND t." + group + " = s.G "
                    + "WHEN NOT MATCHED THEN INSERT " + columns + " VALUES (s.Id, s.MessageId, s.Version, s.Name, s.G, "
                    + "s.Content, 0, s.Added, s.ExpiresAt, s.StatusName)";
        };
    }

    /**
     * The received row of a message id in a group. A locking read on MariaDB: a plain read in
     * REPEATABLE READ could show the snapshot from before another delivery's row was committed.
     */
    String selectReceived(String prefix, boolean locking) {
        return "SELECT Id, StatusName, Retries FROM " + prefix + "_received WHERE MessageId = ? AND " + group + " = ?"
                + (locking && this == MARIADB ? " LOCK IN SHARE MODE" : "");
    }

    /** A message id's row in a group becomes Succeeded, unless it is already. Parameters: ExpiresAt, MessageId, Group. */
    String succeedReceived(String prefix) {
        return "UPDATE " + prefix + "_received SET StatusName = 'Succeeded', ExpiresAt = ? WHERE MessageId = ? AND " + group
                + " = ? AND StatusName <> 'Succeeded'";
    }

    /** Succeeded only if it was not already: 0 rows means another delivery got there first. */

    String markReceivedFailed(String prefix) {
        // never over a Succeeded row: a delivery that lost the race to another one must not undo its result
        return "UPDATE " + prefix + "_received SET StatusName = 'Failed', Retries = ?, Content = ?, ExpiresAt = ? "
                + "WHERE Id = ? AND StatusName <> 'Succeeded'";
    }

    String countReceivedByStatus(String prefix, boolean oneGroup) {
        return "SELECT StatusName, COUNT(*) FROM " + prefix + "_received" + (oneGroup ? " WHERE " + group + " = ?" : "")
                + " GROUP BY StatusName";
    }

    String countByStatus(String prefix) {
        return "SELECT StatusName, COUNT(*) FROM " + prefix + "_published GROUP BY StatusName";
    }

    /** Rows added per hour and status since a time (Added >= ?): rows of (hour, StatusName, COUNT). */
    String hourlyCounts(String table) {
        String hour = switch (this) {
            case H2 -> "DATE_TRUNC('HOUR', Added)";
            case POSTGRESQL -> "date_trunc('hour', Added)";
            case MARIADB -> "CAST(DATE_FORMAT(Added, '%Y-%m-%d %H:00:00') AS DATETIME)";
        };
        return "SELECT " + hour + ", StatusName, COUNT(*) FROM " + table + " WHERE Added >= ? GROUP BY " + hour + ", StatusName";
    }

    /** Messages still to be sent (not Delayed: those wait for their time): how many, and the oldest Added. */
    String backlog(String prefix) {
        return "SELECT COUNT(*), MIN(Added) FROM " + prefix + "_published WHERE StatusName IN ('Scheduled', 'Queued') "
                + "OR (StatusName = 'Failed' AND Retries < ?)";
    }

    /** The column that holds a received row's group, quoted for this database. */
    String group() {
        return group;
    }

    /** Columns of the monitoring view of a row, published or received (Group NULL for published). */
    String selectRows(String table, boolean received) {
        return "SELECT Id, " + (received ? "MessageId" : "Id") + ", Version, Name, " + (received ? group : "NULL")
                + ", Content, Retries, Added, ExpiresAt, StatusName FROM " + table;
    }

    String deleteRow(String table) {
        return "DELETE FROM " + table + " WHERE Id = ?";
    }

    /** An operator's requeue: Scheduled again with no retries, claimed at once for sending. */
    String requeue(String prefix) {
        return "UPDATE " + prefix + "_published SET StatusName = 'Scheduled', Retries = 0, ExpiresAt = NULL, Content = ?, "
                + "LockedUntil = ?, LockedBy = ? WHERE Id = ?";
    }

    /** An operator's re-execute: the received row waits for its subscriber again, with no retries. */
    String reExecute(String prefix) {
        return "UPDATE " + prefix + "_received SET StatusName = 'Scheduled', Retries = 0, ExpiresAt = NULL WHERE Id = ?";
    }

    // worker id leases in the lock table (CAP's cap.lock: Key, Instance, LastLockTime)

    String insertLock(String prefix) {
        return "INSERT INTO " + prefix + "_lock (" + key() + ", Instance, LastLockTime) VALUES (?, ?, ?)";
    }

    /** Takes a lease over when its owner has not renewed it since the given time. */
    String takeOverLock(String prefix) {
        return "UPDATE " + prefix + "_lock SET Instance = ?, LastLockTime = ? WHERE " + key() + " = ? AND LastLockTime < ?";
    }

    String renewLock(String prefix) {
        return "UPDATE " + prefix + "_lock SET LastLockTime = ? WHERE " + key() + " = ? AND Instance = ?";
    }

    String releaseLock(String prefix) {
        return "DELETE FROM " + prefix + "_lock WHERE " + key() + " = ? AND Instance = ?";
    }

    String selectLocks(String prefix) {
        return "SELECT " + key() + " FROM " + prefix + "_lock WHERE " + key() + " LIKE ?";
    }
}
