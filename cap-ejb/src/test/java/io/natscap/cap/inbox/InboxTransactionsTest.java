package io.natscap.cap.inbox;

import io.natscap.cap.CapHeaders;
import io.natscap.cap.MessageStatus;
import io.natscap.cap.TestDatabases;
import io.natscap.cap.TestDelivery;
import io.natscap.cap.TransactionalDataSource;
import io.natscap.cap.config.CapOptions;
import io.natscap.cap.diagnostics.Observers;
import io.natscap.cap.diagnostics.Tracing;
import io.natscap.cap.messages.MessageFactory;
import io.natscap.cap.messages.SnowflakeId;
import io.natscap.cap.storage.Database;
import io.natscap.cap.storage.ReceivedStore;
import io.natscap.nats.CapNames;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The inbox in transactions as the container runs it, on each database: the subscriber's
 * transaction (a {@link TransactionalDataSource}) holds the business method and the inbox row; the
 * recorder's writes commit on their own, as in its REQUIRES_NEW transactions. The business effect
 * is a row in a table of the test's, written on the transaction's connection.
 */
class InboxTransactionsTest {

    private static TestDelivery delivery(long messageId) {
        return TestDelivery.of("orders.created", Map.of(CapHeaders.MESSAGE_ID, Long.toString(messageId),
                CapHeaders.MESSAGE_NAME, "orders.created"), "{\"orderId\":\"o-" + messageId + "\"}", 1);
    }

    /** The subscriber side of one database: the inbox in the transaction, the recorder beside it. */
    private static final class Subscriber implements AutoCloseable {

        final DataSource dataSource;
        final String prefix;
        final TransactionalDataSource transactions;
        final ReceivedStore received;
        final Inbox inbox;

        Subscriber(TestDatabases database) throws SQLException {
            dataSource = database.dataSource();
            prefix = TestDatabases.freshPrefix();
            transactions = new TransactionalDataSource(dataSource);
            CapOptions options = CapOptions.defaults("natscap");
            MessageFactory messages = new MessageFactory(options, new SnowflakeId(5));
            received = new ReceivedStore(Database.open(transactions, prefix, "test"), CapNames.DEFAULT_VERSION);
            ReceivedStore ownTransactions = new ReceivedStore(Database.open(dataSource, prefix, "test"), CapNames.DEFAULT_VERSION);
            inbox = new Inbox(received, options, messages, null, new InboxRecorder(ownTransactions, options, messages),
                    Observers.NONE, Tracing.of(null));
            try (Connection connection = dataSource.getConnection(); Statement ddl = connection.createStatement()) {
                ddl.execute("CREATE TABLE " + prefix + "_effects (OrderId VARCHAR(40) NOT NULL)");
            }
        }

        /** The business method: one effect row, in the subscriber's transaction. */
        void book(String orderId) throws SQLException {
            try (Connection connection = transactions.getConnection();
                 PreparedStatement insert = connection.prepareStatement("INSERT INTO " + prefix + "_effects VALUES (?)")) {
                insert.setString(1, orderId);
                insert.executeUpdate();
            }
        }

        long effects() throws SQLException {
            try (Connection connection = dataSource.getConnection(); Statement count = connection.createStatement();
                 ResultSet rows = count.executeQuery("SELECT COUNT(*) FROM " + prefix + "_effects")) {
                rows.next();
                return rows.getLong(1);
            }
        }

        @Override
        public void close() throws SQLException {
            try (Connection connection = dataSource.getConnection(); Statement ddl = connection.createStatement()) {
                ddl.execute("DROP TABLE " + prefix + "_effects");
            }
            TestDatabases.drop(dataSource, prefix);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aDeliveryThatSucceedsWritesItsInboxRowOnlyInTheSubscribersTransaction(TestDatabases database) throws Exception {
        try (Subscriber subscriber = new Subscriber(database)) {
            subscriber.transactions.begin();
            subscriber.inbox.receive(delivery(1), Map.class, (value, context) -> {
                subscriber.book("o-1");
                return null;
            });
            subscriber.transactions.rollback(); // as when the container's commit fails
            assertEquals(Map.of(), subscriber.received.countByStatus("billing.v1"),
                    "nothing of the delivery outlived its transaction: the row is written in it, not before it on its own");
            assertEquals(0, subscriber.effects());

            subscriber.transactions.begin();
            subscriber.inbox.receive(delivery(1), Map.class, (value, context) -> {
                subscriber.book("o-1");
                return null;
            });
            subscriber.transactions.commit();
            assertEquals(Map.of(MessageStatus.Succeeded, 1L), subscriber.received.countByStatus("billing.v1"));
            assertEquals(1, subscriber.effects());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aFailedAttemptIsCountedOutsideTheRolledBackTransactionAndTheNextOneSucceeds(TestDatabases database) throws Exception {
        try (Subscriber subscriber = new Subscriber(database)) {
            subscriber.transactions.begin();
            assertThrows(SubscriberFailedException.class, () -> subscriber.inbox.receive(delivery(2), Map.class, (value, context) -> {
                subscriber.book("o-2");
                throw new IllegalStateException("billing is down");
            }));
            subscriber.transactions.rollback();
            assertEquals(MessageStatus.Failed, subscriber.received.find(2, "billing.v1").orElseThrow().status());
            assertEquals(1, subscriber.received.find(2, "billing.v1").orElseThrow().retries(), "the attempt is counted");
            assertEquals(0, subscriber.effects(), "the failed attempt's effect is rolled back");

            subscriber.transactions.begin();
            subscriber.inbox.receive(delivery(2), Map.class, (value, context) -> {
                subscriber.book("o-2");
                return null;
            });
            subscriber.transactions.commit();
            assertEquals(MessageStatus.Succeeded, subscriber.received.find(2, "billing.v1").orElseThrow().status());
            assertEquals(1, subscriber.received.find(2, "billing.v1").orElseThrow().retries());
            assertEquals(1, subscriber.effects());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void concurrentDeliveriesOfOneIdLeaveOneEffect(TestDatabases database) throws Exception {
        ExecutorService deliveries = Executors.newFixedThreadPool(3);
        try (Subscriber subscriber = new Subscriber(database)) {
            for (long messageId = 10; messageId < 20; messageId++) {
                long id = messageId;
                CyclicBarrier together = new CyclicBarrier(3);
                AtomicInteger runs = new AtomicInteger();
                Callable<Boolean> delivery = () -> {
                    subscriber.transactions.begin();
                    try {
                        subscriber.inbox.receive(delivery(id), Map.class, (value, context) -> {
                            runs.incrementAndGet();
                            together.await(30, TimeUnit.SECONDS); // all three in the business method at once
                            subscriber.book("o-" + id);
                            return null;
                        });
                        subscriber.transactions.commit();
                        return true;
                    } catch (RuntimeException e) {
                        subscriber.transactions.rollback(); // another delivery won, or MariaDB chose this one as deadlock victim
                        return false;
                    }
                };
                List<Future<Boolean>> outcomes = deliveries.invokeAll(List.of(delivery, delivery, delivery));
                List<Boolean> committed = new ArrayList<>();
                for (Future<Boolean> outcome : outcomes) {
                    committed.add(outcome.get());
                }
                assertEquals(3, runs.get(), "all three ran the business method");
                assertEquals(1, committed.stream().filter(c -> c).count(), "one of them committed: " + committed);
            }
            assertEquals(10, subscriber.effects(), "one effect per message id");
            assertEquals(Map.of(MessageStatus.Succeeded, 10L), subscriber.received.countByStatus("billing.v1"));
        } finally {
            deliveries.shutdownNow();
            assertTrue(deliveries.awaitTermination(30, TimeUnit.SECONDS));
        }
    }
}
