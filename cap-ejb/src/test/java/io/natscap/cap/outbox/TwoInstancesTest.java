package io.natscap.cap.outbox;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.natscap.cap.CapHeaders;
import io.natscap.cap.config.CapOptions;
import io.natscap.cap.MessageStatus;
import io.natscap.cap.TestDatabases;
import io.natscap.testing.Await;
import io.natscap.testing.NatsTestServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two application instances on one database (CAP issues 1271, 1144, 1390: both resent the same
 * rows). Here both retry processors run at once over the same backlog; a core subscriber on the
 * subjects sees every publish, duplicates included (the stream would hide them), so it counts
 * what was really sent.
 */
class TwoInstancesTest {

    /** Several batches each: both instances claim, and each claims its next batch while it sends one. */
    private static final int ROWS = 2 * CapOptions.RETRY_BATCH_SIZE + 500;

    @ParameterizedTest
    @EnumSource(value = TestDatabases.class, names = {"POSTGRESQL", "MARIADB"})
    void twoInstancesRetryingOneBacklogSendEachRowOnce(TestDatabases database) throws Exception {
        String prefix = TestDatabases.freshPrefix();
        try (NatsTestServer server = NatsTestServer.start();
             OutboxFixture first = new OutboxFixture(database, prefix, server, OutboxFixture.fastOptions());
             OutboxFixture second = new OutboxFixture(database, prefix, server, OutboxFixture.fastOptions());
             Connection watcher = Nats.connect(server.url())) {
            List<String> seen = new CopyOnWriteArrayList<>();
            Dispatcher dispatcher = watcher.createDispatcher(m -> seen.add(m.getHeaders().getFirst(CapHeaders.MESSAGE_ID)));
            dispatcher.subscribe("twins.>");
            watcher.flush(Duration.ofSeconds(5));

            // a backlog left by an instance that died after committing: leases already over
            for (int i = 0; i < ROWS; i++) {
                first.writer.write(first.messages.create("twins.event", Map.of("n", i), Map.of(), null, null), null);
            }
            Thread.sleep(first.options.fallbackWindowLookback().toMillis() + 100);

            ExecutorService instances = Executors.newFixedThreadPool(2);
            try {
                Future<?> a = instances.submit(() -> {
                    first.retry.process();
                    return null;
                });
                Future<?> b = instances.submit(() -> {
                    second.retry.process();
                    return null;
                });
                a.get();
                b.get();
            } finally {
                instances.shutdownNow();
            }

            Await.until(Duration.ofSeconds(30), () -> seen.size() >= ROWS,
                    () -> "the watcher saw " + seen.size() + " of " + ROWS + " publishes");
            Set<String> distinct = ConcurrentHashMap.newKeySet();
            distinct.addAll(seen);
            System.out.printf("natscap measured: two instances on %s sent %d publishes for %d rows%n", database, seen.size(), ROWS);
            assertEquals(ROWS, distinct.size(), "every row sent");
            assertEquals(ROWS, seen.size(), "no row sent twice");
            assertEquals(ROWS, OutboxFixture.streamCount(server, "twins"), "stream message count equals rows");
            assertEquals(Map.of(MessageStatus.Succeeded, (long) ROWS), first.published.countByStatus());
        }
    }
}
