package io.natscap.cap.storage;

import io.natscap.cap.TestDatabases;
import io.natscap.cap.messages.SnowflakeId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Instances on one database never mint the same message id: each leases its own snowflake worker
 * id in the lock table (two instances whose worker ids collide mint the same ids in the same
 * millisecond, and JetStream's duplicate window and the inbox then drop genuine messages).
 */
class WorkerIdLeaseTest {

    private static final int IDS_PER_WRITER = 50_000;

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void twoWritersOnOneDatabaseNeverMintTheSameId(TestDatabases database) throws Exception {
        DataSource dataSource = database.dataSource();
        String prefix = TestDatabases.freshPrefix();
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            Database db = Database.open(dataSource, prefix, "test");
            // "host-Aa:1" and "host-BB:1" have the same String hash: hash(host:pid) % 1024, the old
            // default, gave these two instances one worker id.
            assertEquals("host-Aa:1".hashCode(), "host-BB:1".hashCode());
            WorkerIdLease first = WorkerIdLease.acquire(db, "host-Aa:1");
            WorkerIdLease second = WorkerIdLease.acquire(db, "host-BB:1");
            assertNotEquals(first.workerId(), second.workerId(), "each instance leases its own worker id");

            List<Future<List<Long>>> minted = writers.invokeAll(List.of(mint(first), mint(second)));
            Set<Long> distinct = new HashSet<>();
            for (Future<List<Long>> ids : minted) {
                distinct.addAll(ids.get());
            }
            assertEquals(2 * IDS_PER_WRITER, distinct.size(), "no id minted twice");

            assertTrue(first.renew(), "the owner renews its lease");
            first.release();
            WorkerIdLease third = WorkerIdLease.acquire(db, "host-b:1");
            assertNotEquals(second.workerId(), third.workerId(), "a lease in force is never handed out again");
        } finally {
            writers.shutdownNow();
            TestDatabases.drop(dataSource, prefix);
        }
    }

    private static Callable<List<Long>> mint(WorkerIdLease lease) {
        return () -> {
            SnowflakeId ids = new SnowflakeId(lease.workerId());
            List<Long> minted = new ArrayList<>(IDS_PER_WRITER);
            for (int i = 0; i < IDS_PER_WRITER; i++) {
                minted.add(ids.next());
            }
            return minted;
        };
    }
}
