package io.natscap.cap.storage;

import io.natscap.nats.CapNames;
import io.natscap.cap.MessageStatus;
import io.natscap.cap.TestDatabases;
import io.natscap.cap.TransactionalDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The inbox table: one row per message id and group, on each supported database. */
class InboxStoreTest {

    private static final String CONTENT = "{\"Headers\":{},\"Value\":1}";

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aMessageIdHasOneRowPerGroup(TestDatabases database) throws Exception {
        DataSource dataSource = database.dataSource();
        String prefix = TestDatabases.freshPrefix();
        try {
            ReceivedStore store = new ReceivedStore(Database.open(dataSource, prefix, "test"), CapNames.DEFAULT_VERSION);
            ReceivedRow billing = store.admit(1, 42, "orders.created", "billing.v1", CONTENT, MessageStatus.Scheduled, null);
            ReceivedRow again = store.admit(2, 42, "orders.created", "billing.v1", CONTENT, MessageStatus.Scheduled, null);
            ReceivedRow audit = store.admit(3, 42, "orders.created", "audit.v1", CONTENT, MessageStatus.Scheduled, null);
            assertTrue(billing.fresh());
            assertFalse(again.fresh(), "the same id in the same group is the same row");
            assertEquals(billing.id(), again.id());
            assertTrue(audit.fresh(), "another group has its own row");

            assertEquals(ReceivedStore.Succeeded.UPDATED, store.succeed(true, 9, 42, "orders.created", "billing.v1", CONTENT,
                    Instant.now().plusSeconds(60)), "the Scheduled row becomes Succeeded");
            assertEquals(ReceivedStore.Succeeded.ALREADY, store.succeed(true, 10, 42, "orders.created", "billing.v1", CONTENT,
                    Instant.now().plusSeconds(60)), "succeeds once");
            assertEquals(ReceivedStore.Succeeded.INSERTED, store.succeed(false, 11, 43, "orders.created", "billing.v1", CONTENT,
                    Instant.now().plusSeconds(60)), "a message without a row gets one, Succeeded");
            store.markFailed(11, 3, CONTENT, null);
            assertEquals(MessageStatus.Succeeded, store.find(43, "billing.v1").orElseThrow().status(),
                    "a failure recorded late never undoes a success");
            store.markFailed(audit.id(), 2, CONTENT, null);
            assertEquals(new ReceivedRow(audit.id(), MessageStatus.Failed, 2, false),
                    store.admit(4, 42, "orders.created", "audit.v1", CONTENT, MessageStatus.Scheduled, null));
            assertEquals(Map.of(MessageStatus.Succeeded, 2L), store.countByStatus("billing.v1"));
            assertEquals(ReceivedStore.Succeeded.UPDATED, store.succeed(false, 12, 42, "orders.created", "audit.v1", CONTENT,
                    Instant.now().plusSeconds(60)), "a row that appeared after the delivery's first read (a failure recorded) is updated");
            assertEquals(MessageStatus.Succeeded, store.find(42, "audit.v1").orElseThrow().status());
        } finally {
            TestDatabases.drop(dataSource, prefix);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void concurrentDeliveriesOfOneIdInTransactionsShareOneRowAndCommit(TestDatabases database) throws Exception {
        // As in the container: each delivery admits its row in a transaction (auto-commit off), and
        // a statement that failed on the unique key would doom that transaction on PostgreSQL.
        DataSource dataSource = database.dataSource();
        String prefix = TestDatabases.freshPrefix();
        TransactionalDataSource transactions = new TransactionalDataSource(dataSource);
        ExecutorService deliveries = Executors.newFixedThreadPool(4);
        try {
            ReceivedStore store = new ReceivedStore(Database.open(transactions, prefix, "test"), CapNames.DEFAULT_VERSION);
            AtomicLong rowIds = new AtomicLong(100);
            for (long messageId = 1; messageId <= 30; messageId++) {
                long id = messageId;
                CyclicBarrier together = new CyclicBarrier(4);
                Callable<Long> delivery = () -> {
                    together.await();
                    transactions.begin();
                    try {
                        ReceivedRow row = store.admit(rowIds.incrementAndGet(), id, "a.b", "g", CONTENT,
                                MessageStatus.Scheduled, null);
                        transactions.commit();
                        return row.id();
                    } catch (Exception e) {
                        transactions.rollback();
                        throw e;
                    }
                };
                List<Future<Long>> rows = deliveries.invokeAll(List.of(delivery, delivery, delivery, delivery));
                Set<Long> distinct = new HashSet<>();
                for (Future<Long> row : rows) {
                    try {
                        distinct.add(row.get());
                    } catch (ExecutionException e) {
                        throw new AssertionError("a delivery of message " + id + " failed in its transaction on " + database
                                + ": " + e.getCause(), e.getCause());
                    }
                }
                assertEquals(1, distinct.size(), "four deliveries of message " + id + " got one row");
            }
            assertEquals(Map.of(MessageStatus.Scheduled, 30L), store.countByStatus("g"));
        } finally {
            deliveries.shutdownNow();
            TestDatabases.drop(dataSource, prefix);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void concurrentDeliveriesOfOneIdShareOneRow(TestDatabases database) throws Exception {
        DataSource dataSource = database.dataSource();
        String prefix = TestDatabases.freshPrefix();
        ExecutorService deliveries = Executors.newFixedThreadPool(4);
        try {
            ReceivedStore store = new ReceivedStore(Database.open(dataSource, prefix, "test"), CapNames.DEFAULT_VERSION);
            AtomicLong rowIds = new AtomicLong(100);
            for (long messageId = 1; messageId <= 50; messageId++) {
                long id = messageId;
                Callable<ReceivedRow> admit = () -> store.admit(rowIds.incrementAndGet(), id, "a.b", "g", CONTENT,
                        MessageStatus.Scheduled, null);
                List<Future<ReceivedRow>> rows = deliveries.invokeAll(List.of(admit, admit, admit, admit));
                long distinct = rows.stream().map(f -> {
                    try {
                        return f.get().id();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }).distinct().count();
                assertEquals(1, distinct, "four deliveries of message " + id + " got one row");
            }
            assertEquals(Map.of(MessageStatus.Scheduled, 50L), store.countByStatus("g"));
        } finally {
            deliveries.shutdownNow();
            TestDatabases.drop(dataSource, prefix);
        }
    }
}
