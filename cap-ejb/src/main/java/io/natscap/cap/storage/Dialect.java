package io.natscap.cap.storage;

import java.util.List;
import java.util.Locale;

/**
 * The SQL of each database natscap supports: the one place it is written. Table names come from
 * {@code cap.tablePrefix}. Besides CAP's columns, published rows carry a lease
 * ({@code LockedUntil}, {@code LockedBy}): an instance claims rows by setting it in one
 * conditional UPDATE, so that two instances never send the same row at the same time.
 */
public enum Dialect {

    H2("CLOB", "TIMESTAMP", "\"Group\""),
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

    /** The dialect of a JDBC connection's database product, or a clear failure. */
    public static Dialect of(String databaseProductName) {
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
        throw new IllegalStateException("natscap's outbox supports H2, PostgreSQL and MariaDB/MySQL, not '"
                + databaseProductName + "': set cap.dataSource to a DataSource of one of them");
    }

    List<String> createTables(String prefix) {
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + prefix + "_published (Id BIGINT NOT NULL PRIMARY KEY, "
                        + "Version VARCHAR(20) NOT NULL, Name VARCHAR(200) NOT NULL, Content " + text + ", "
                        + "Retries INT NOT NULL, Added " + timestamp + " NOT NULL, ExpiresAt " + timestamp + " NULL, "
                        + "StatusName VARCHAR(50) NOT NULL, LockedUntil " + timestamp + " NULL, LockedBy VARCHAR(40) NULL)",
                "CREATE INDEX IF NOT EXISTS " + prefix + "_published_pending ON " + prefix + "_published (StatusName, LockedUntil, Retries)",
                "CREATE INDEX IF NOT EXISTS " + prefix + "_published_expiry ON " + prefix + "_published (ExpiresAt, StatusName)",
                "CREATE INDEX IF NOT EXISTS " + prefix + "_published_claim ON " + prefix + "_published (LockedBy)",
                "CREATE TABLE IF NOT EXISTS " + prefix + "_received (Id BIGINT NOT NULL PRIMARY KEY, MessageId BIGINT NOT NULL, "
                        + "Version VARCHAR(20) NOT NULL, Name VARCHAR(200) NOT NULL, " + group + " VARCHAR(200) NOT NULL, "
                        + "Content " + text + ", Retries INT NOT NULL, Added " + timestamp + " NOT NULL, "
                        + "ExpiresAt " + timestamp + " NULL, StatusName VARCHAR(50) NOT NULL, "
                        + "CONSTRAINT " + prefix + "_received_once UNIQUE (MessageId, " + group + "))",
                "CREATE INDEX IF NOT EXISTS " + prefix + "_received_expiry ON " + prefix + "_received (ExpiresAt, StatusName)",
                "CREATE TABLE IF NOT EXISTS " + prefix + "_lock (" + (this == MARIADB ? "`Key`" : "\"Key\"")
                        + " VARCHAR(128) NOT NULL PRIMARY KEY, Instance VARCHAR(256), LastLockTime " + timestamp + " NULL)");
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
        return "UPDATE " + prefix + "_published SET StatusName = 'Succeeded', ExpiresAt = ?, LockedUntil = NULL, LockedBy = NULL WHERE Id = ?";
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

    String insertReceived(String prefix) {
        return "INSERT INTO " + prefix + "_received (Id, MessageId, Version, Name, " + group + ", Content, Retries, Added, "
                + "ExpiresAt, StatusName) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    }

    String selectReceived(String prefix) {
        return "SELECT Id, StatusName, Retries FROM " + prefix + "_received WHERE MessageId = ? AND " + group + " = ?";
    }

    /** Succeeded only if it was not already: 0 rows means another delivery got there first. */
    String markReceivedSucceeded(String prefix) {
        return "UPDATE " + prefix + "_received SET StatusName = 'Succeeded', ExpiresAt = ? WHERE Id = ? AND StatusName <> 'Succeeded'";
    }

    String markReceivedFailed(String prefix) {
        return "UPDATE " + prefix + "_received SET StatusName = 'Failed', Retries = ?, Content = ?, ExpiresAt = ? WHERE Id = ?";
    }

    String countReceivedByStatus(String prefix) {
        return "SELECT StatusName, COUNT(*) FROM " + prefix + "_received WHERE " + group + " = ? GROUP BY StatusName";
    }

    String countByStatus(String prefix) {
        return "SELECT StatusName, COUNT(*) FROM " + prefix + "_published GROUP BY StatusName";
    }

    String selectStatus(String prefix) {
        return "SELECT StatusName, Retries FROM " + prefix + "_published WHERE Id = ?";
    }
}
