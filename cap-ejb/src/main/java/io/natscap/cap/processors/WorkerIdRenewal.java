package io.natscap.cap.processors;

import io.natscap.cap.messages.SnowflakeId;
import io.natscap.cap.storage.Database;
import io.natscap.cap.storage.WorkerIdLease;

import java.sql.SQLException;
import java.util.logging.Logger;

/**
 * Keeps this instance's snowflake worker id leased. Should the lease be lost (the database was
 * unreachable for longer than its time to live and another instance took the id over), a new id
 * is leased and used from then on, so that two instances never mint ids with one worker id.
 */
public final class WorkerIdRenewal implements ProcessorLoop.Processor {

    private static final Logger LOG = Logger.getLogger(WorkerIdRenewal.class.getName());

    private final Database database;
    private final String instance;
    private final SnowflakeId ids;
    private volatile WorkerIdLease lease;

    public WorkerIdRenewal(Database database, String instance, WorkerIdLease lease, SnowflakeId ids) {
        this.database = database;
        this.instance = instance;
        this.lease = lease;
        this.ids = ids;
    }

    @Override
    public void process() throws SQLException {
        if (lease.renew()) {
            return;
        }
        int lost = lease.workerId();
        WorkerIdLease next = WorkerIdLease.acquire(database, instance);
        ids.useWorkerId(next.workerId());
        lease = next;
        LOG.severe(() -> "The lease of snowflake worker id " + lost + " was lost (not renewed in time); "
                + "new message ids use worker id " + next.workerId());
    }

    /** Gives the id back (shutdown). */
    public void release() throws SQLException {
        lease.release();
    }
}
