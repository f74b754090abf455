package io.natscap.cap.storage;

import io.natscap.cap.messages.SnowflakeId;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A snowflake worker id leased through the lock table, so that instances sharing a database never
 * mint the same message ids: a row {@code worker-id-N} per id in use, owned by one instance,
 * renewed while it runs and free for another instance once it has not been renewed for
 * {@link #TIME_TO_LIVE}. Minting needs the database anyway (every message is stored first), so an
 * instance that cannot renew cannot store messages with its id either.
 */
public final class WorkerIdLease {

    /** How long a lease lasts without renewal; renewals run at a third of it. */
    public static final Duration TIME_TO_LIVE = Duration.ofMinutes(5);
    private static final String KEY_PREFIX = "worker-id-";

    private final Database db;
    private final Dialect dialect;
    private final String prefix;
    private final String instance;
    private final int workerId;

    private WorkerIdLease(Database db, String instance, int workerId) {
        this.db = db;
        this.dialect = db.dialect();
        this.prefix = db.prefix();
        this.instance = instance;
        this.workerId = workerId;
    }

    /**
     * Leases a free worker id (or one whose owner has not renewed it for {@link #TIME_TO_LIVE}).
     *
     * @param instance this instance's name, stored with the lease (host, process; for operators)
     * @throws IllegalStateException when all 1024 ids are leased
     */
    public static WorkerIdLease acquire(Database db, String instance) throws SQLException {
        Set<Integer> taken = taken(db);
        int start = ThreadLocalRandom.current().nextInt(SnowflakeId.MAX_WORKER_ID + 1);
        Instant now = Instant.now();
        for (int i = 0; i <= SnowflakeId.MAX_WORKER_ID; i++) {
            int id = (start + i) % (SnowflakeId.MAX_WORKER_ID + 1);
            if (!taken.contains(id) && insert(db, id, instance, now)) {
                return new WorkerIdLease(db, instance, id);
            }
        }
        for (int id : taken) {
            if (takeOver(db, id, instance, now)) {
                return new WorkerIdLease(db, instance, id);
            }
        }
        throw new IllegalStateException("All " + (SnowflakeId.MAX_WORKER_ID + 1) + " snowflake worker ids are leased in "
                + db.prefix() + "_lock: set cap.workerId (0-" + SnowflakeId.MAX_WORKER_ID + ", unique per instance), "
                + "or delete the rows of instances that are gone");
    }

    public int workerId() {
        return workerId;
    }

    /** Renews the lease; false when it was lost (another instance took it over after it expired). */
    public boolean renew() throws SQLException {
        try (Connection connection = db.connection();
             PreparedStatement update = connection.prepareStatement(dialect.renewLock(prefix))) {
            update.setTimestamp(1, Database.timestamp(Instant.now()));
            update.setString(2, KEY_PREFIX + workerId);
            update.setString(3, instance);
            return update.executeUpdate() == 1;
        }
    }

    /** Gives the id back at shutdown. */
    public void release() throws SQLException {
        try (Connection connection = db.connection();
             PreparedStatement delete = connection.prepareStatement(dialect.releaseLock(prefix))) {
            delete.setString(1, KEY_PREFIX + workerId);
            delete.setString(2, instance);
            delete.executeUpdate();
        }
    }

    private static Set<Integer> taken(Database db) throws SQLException {
        Set<Integer> taken = new HashSet<>();
        try (Connection connection = db.connection();
             PreparedStatement select = connection.prepareStatement(db.dialect().selectLocks(db.prefix()))) {
            select.setString(1, KEY_PREFIX + "%");
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    taken.add(Integer.parseInt(rows.getString(1).substring(KEY_PREFIX.length())));
                }
            }
        }
        return taken;
    }

    private static boolean insert(Database db, int id, String instance, Instant now) throws SQLException {
        try (Connection connection = db.connection();
             PreparedStatement insert = connection.prepareStatement(db.dialect().insertLock(db.prefix()))) {
            insert.setString(1, KEY_PREFIX + id);
            insert.setString(2, instance);
            insert.setTimestamp(3, Database.timestamp(now));
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                return false; // another instance leased it meanwhile
            }
            throw e;
        }
    }

    private static boolean takeOver(Database db, int id, String instance, Instant now) throws SQLException {
        try (Connection connection = db.connection();
             PreparedStatement update = connection.prepareStatement(db.dialect().takeOverLock(db.prefix()))) {
            update.setString(1, instance);
            update.setTimestamp(2, Database.timestamp(now));
            update.setString(3, KEY_PREFIX + id);
            update.setTimestamp(4, Database.timestamp(now.minus(TIME_TO_LIVE)));
            return update.executeUpdate() == 1;
        }
    }
}
