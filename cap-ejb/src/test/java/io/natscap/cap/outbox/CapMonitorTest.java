package io.natscap.cap.outbox;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.natscap.cap.CapHeaders;
import io.natscap.cap.CapMonitor;
import io.natscap.cap.MessagePage;
import io.natscap.cap.MessageQuery;
import io.natscap.cap.MessageStatus;
import io.natscap.cap.MonitoredMessage;
import io.natscap.cap.TestDatabases;
import io.natscap.cap.inbox.InboxForTests;
import io.natscap.cap.messages.CapMessage;
import io.natscap.nats.NatsAdapterStatus;
import io.natscap.nats.ra.ReceivedMessage;
import io.natscap.testing.Await;
import io.natscap.testing.NatsTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an operator sees and does through CapMonitor, on each supported database and a real nats-server. */
class CapMonitorTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    private NatsTestServer server;

    @BeforeEach
    void start() {
        server = NatsTestServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void requeueSendsThePublishedMessageAgainWithTheSameId(TestDatabases database) throws Exception {
        try (OutboxFixture outbox = new OutboxFixture(database, TestDatabases.freshPrefix(), server, OutboxFixture.fastOptions())) {
            CapMonitor monitor = outbox.monitor;
            CapMessage sent = outbox.publishAndCommit("orders.created", Map.of("orderId", "o-1"));
            awaitPublished(monitor, sent.id(), MessageStatus.Succeeded);
            assertEquals(1, OutboxFixture.streamCount(server, "orders"));

            assertTrue(monitor.requeue(sent.id()));
            Await.until(LIMIT, () -> OutboxFixture.streamCount(server, "orders") == 2,
                    () -> "the requeued message did not reach the stream again");
            assertEquals(List.of(Long.toString(sent.id()), Long.toString(sent.id())), OutboxFixture.idsInStream(server, "orders"),
                    "sent again with the same cap-msg-id");
            MonitoredMessage row = monitor.publishedMessage(sent.id()).orElseThrow();
            assertEquals(MessageStatus.Succeeded, row.status());
            assertEquals(0, row.retries());
            assertFalse(monitor.requeue(123456789L), "no such message");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void reExecuteRunsTheSubscriberOnceMoreInItsGroupOnly(TestDatabases database) throws Exception {
        try (OutboxFixture outbox = new OutboxFixture(database, TestDatabases.freshPrefix(), server, OutboxFixture.fastOptions());
             Connection nats = Nats.connect(server.url())) {
            InboxForTests inbox = new InboxForTests(outbox.received, outbox.options, outbox.messages, outbox.outbox);
            AtomicInteger billingRuns = new AtomicInteger();
            AtomicInteger auditRuns = new AtomicInteger();
            AtomicInteger auditDeliveries = new AtomicInteger();
            Dispatcher groups = nats.createDispatcher();
            groups.subscribe("orders.>", m -> inbox.receive(ReceivedMessage.of(m, 10, "billing.v1"), billingRuns));
            groups.subscribe("orders.>", m -> {
                auditDeliveries.incrementAndGet();
                inbox.receive(ReceivedMessage.of(m, 10, "audit.v1"), auditRuns);
            });
            nats.flush(Duration.ofSeconds(5));

            CapMessage sent = outbox.publishAndCommit("orders.created", Map.of("orderId", "o-2"));
            Await.until(LIMIT, () -> billingRuns.get() == 1 && auditRuns.get() == 1,
                    () -> "each group ran once: billing " + billingRuns + ", audit " + auditRuns);
            // the count goes up inside the business method, before the inbox marks the row Succeeded
            Await.until(LIMIT, () -> receivedRow(outbox.monitor, sent.id(), "billing.v1").status() == MessageStatus.Succeeded,
                    () -> "billing's row Succeeded");
            MonitoredMessage billing = receivedRow(outbox.monitor, sent.id(), "billing.v1");

            assertTrue(outbox.monitor.reExecute(billing.id()));
            Await.until(LIMIT, () -> billingRuns.get() == 2 && auditDeliveries.get() == 2,
                    () -> "billing ran again (" + billingRuns + " runs), audit saw the copy (" + auditDeliveries + ")");
            assertEquals(1, auditRuns.get(), "the other group ignores a re-execute that is not its own");
            Await.until(LIMIT, () -> receivedRow(outbox.monitor, sent.id(), "billing.v1").status() == MessageStatus.Succeeded,
                    () -> "billing's row Succeeded again");
            assertEquals(2, billingRuns.get(), "once more, not more");
            assertFalse(outbox.monitor.reExecute(987654321L), "no such row");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void listsPageNewestFirstCountAndDelete(TestDatabases database) throws Exception {
        try (OutboxFixture outbox = new OutboxFixture(database, TestDatabases.freshPrefix(), server, OutboxFixture.fastOptions())) {
            CapMonitor monitor = outbox.monitor;
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                ids.add(outbox.publishAndCommit(i % 2 == 0 ? "orders.created" : "orders.paid", Map.of("n", i)).id());
            }
            Await.until(LIMIT, () -> monitor.publishedCounts().getOrDefault(MessageStatus.Succeeded, 0L) == 7,
                    () -> "7 sent: " + monitor.publishedCounts());

            List<Long> paged = new ArrayList<>();
            MessageQuery query = MessageQuery.all().withLimit(3);
            List<Integer> sizes = new ArrayList<>();
            MessagePage page;
            do {
                page = monitor.published(query);
                sizes.add(page.messages().size());
                page.messages().forEach(m -> paged.add(m.id()));
                query = query.before(page.nextBefore());
            } while (page.nextBefore() != null);
            assertEquals(List.of(3, 3, 1), sizes);
            List<Long> newestFirst = new ArrayList<>(ids);
            newestFirst.sort((a, b) -> Long.compare(b, a));
            assertEquals(newestFirst, paged);

            MessagePage paid = monitor.published(MessageQuery.all().withName("orders.paid").withStatus(MessageStatus.Succeeded));
            assertEquals(3, paid.messages().size());
            assertNull(paid.nextBefore());
            MonitoredMessage one = paid.messages().get(0);
            assertTrue(one.content().contains("\"Headers\"") && one.content().contains(CapHeaders.MESSAGE_ID), one.content());
            assertNull(one.exception());

            assertTrue(monitor.deletePublished(one.id()));
            assertTrue(monitor.publishedMessage(one.id()).isEmpty());
            assertFalse(monitor.deletePublished(one.id()), "already gone");
            assertEquals(Map.of(MessageStatus.Succeeded, 6L), monitor.publishedCounts());
            assertEquals(new CapMonitor.Backlog(0, Duration.ZERO), monitor.backlog());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void messagesAreCountedPerHourOfTheirAddedTimeByStatus(TestDatabases database) throws Exception {
        try (OutboxFixture outbox = new OutboxFixture(database, TestDatabases.freshPrefix(), server, OutboxFixture.fastOptions())) {
            CapMonitor monitor = outbox.monitor;
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ids.add(outbox.publishAndCommit("orders.created", Map.of("n", i)).id());
            }
            Await.until(LIMIT, () -> monitor.publishedCounts().getOrDefault(MessageStatus.Succeeded, 0L) == 4,
                    () -> "4 sent: " + monitor.publishedCounts());
            Instant hourAgo = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));
            setAdded(outbox, ids.get(0), hourAgo.plusSeconds(59));
            setAdded(outbox, ids.get(1), hourAgo.plusSeconds(3599));
            setAdded(outbox, ids.get(2), hourAgo.minus(Duration.ofDays(2))); // older than asked for

            List<CapMonitor.HourlyCounts> hourly = monitor.hourly(hourAgo.minus(Duration.ofHours(21)));

            assertEquals(2, hourly.size(), "three hours ago and now: " + hourly);
            assertEquals(new CapMonitor.HourlyCounts(hourAgo, Map.of(MessageStatus.Succeeded, 2L), Map.of()), hourly.get(0));
            assertEquals(Map.of(MessageStatus.Succeeded, 1L), hourly.get(1).published());
            Instant lastAdded = monitor.publishedMessage(ids.get(3)).orElseThrow().added();
            assertEquals(lastAdded.truncatedTo(ChronoUnit.HOURS), hourly.get(1).hour());
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabases.class, names = "H2")
    void natsAdaptersViewIsReadThroughThePool(TestDatabases database) throws Exception {
        try (OutboxFixture outbox = new OutboxFixture(database, TestDatabases.freshPrefix(), server, OutboxFixture.fastOptions())) {
            CapMessage sent = outbox.publishAndCommit("orders.created", Map.of("orderId", "o-4"));
            awaitPublished(outbox.monitor, sent.id(), MessageStatus.Succeeded);
            NatsAdapterStatus nats = outbox.monitor.natsAdapter();
            assertNull(nats.problem(), nats.toString());
            assertTrue(nats.streams().stream().anyMatch(s -> s.name().equals("orders") && s.messages() == 1), nats.toString());
        }
    }

    private static void setAdded(OutboxFixture outbox, long id, Instant added) throws SQLException {
        try (java.sql.Connection connection = outbox.dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("UPDATE " + outbox.prefix + "_published SET Added = ? WHERE Id = ?")) {
            update.setTimestamp(1, Timestamp.from(added));
            update.setLong(2, id);
            assertEquals(1, update.executeUpdate());
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabases.class, names = "H2")
    void theBacklogAndTheTransportShowAnOutage(TestDatabases database) throws Exception {
        try (OutboxFixture outbox = new OutboxFixture(database, TestDatabases.freshPrefix(), server, OutboxFixture.fastOptions())) {
            server.stop();
            CapMessage waiting = outbox.publishAndCommit("orders.created", Map.of("orderId", "o-3"));
            Await.until(LIMIT, () -> outbox.monitor.transportDown(), () -> "the outbox noticed the outage");
            CapMonitor.Backlog backlog = outbox.monitor.backlog();
            assertEquals(1, backlog.messages());
            MonitoredMessage row = outbox.monitor.publishedMessage(waiting.id()).orElseThrow();
            assertEquals(MessageStatus.Failed, row.status());
            assertTrue(row.exception() != null && !row.exception().isEmpty(), "the failure is shown: " + row);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabases.class, names = "H2")
    void natsIsReportedUnreachableWhileTheServerIsDownAndConnectedOnceItIsBack(TestDatabases database) throws Exception {
        try (OutboxFixture outbox = new OutboxFixture(database, TestDatabases.freshPrefix(), server, OutboxFixture.fastOptions())) {
            assertEquals(new CapMonitor.NatsStatus(true, "CONNECTED"), outbox.monitor.nats());
            server.stop();
            Await.until(LIMIT, () -> !outbox.monitor.nats().connected(), () -> "NATS reported down: " + outbox.monitor.nats());
            String detail = outbox.monitor.nats().detail();
            assertTrue(detail.contains(server.url()), "the reason names the server: " + detail);
            server.startAgain();
            Await.until(LIMIT, () -> outbox.monitor.nats().connected(), () -> "NATS reported back: " + outbox.monitor.nats());
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabases.class, names = "H2")
    void theProcessorsAreListedAndOneWithoutAPassForTwoIntervalsAndAMinuteIsStalled(TestDatabases database) throws Exception {
        try (OutboxFixture outbox = new OutboxFixture(database, TestDatabases.freshPrefix(), server, OutboxFixture.fastOptions())) {
            List<CapMonitor.ProcessorStatus> processors = outbox.monitor.processors();
            assertEquals(List.of("outbox retry processor", "transport check"),
                    processors.stream().map(CapMonitor.ProcessorStatus::name).toList());
            CapMonitor.ProcessorStatus transportCheck = processors.get(1);
            Instant now = Instant.now();
            assertFalse(transportCheck.stalledAt(now), "a loop created just now is not stalled: " + transportCheck);
            // the transport check runs every second: no pass for 2 s plus the grace is a hung or unscheduled loop
            Instant later = transportCheck.lastPassEnded().plusSeconds(2).plus(CapMonitor.ProcessorStatus.GRACE).plusMillis(1);
            assertTrue(transportCheck.stalledAt(later), "no pass since " + transportCheck.lastPassEnded() + " by " + later);
        }
    }

    private static MonitoredMessage receivedRow(CapMonitor monitor, long messageId, String group) {
        return monitor.received(MessageQuery.all().withGroup(group)).messages().stream()
                .filter(m -> m.messageId() == messageId).findFirst()
                .orElseThrow(() -> new AssertionError("no inbox row of " + messageId + " in " + group));
    }

    private static void awaitPublished(CapMonitor monitor, long id, MessageStatus status) {
        Await.until(LIMIT, () -> monitor.publishedMessage(id).map(m -> m.status() == status).orElse(false),
                () -> "message " + id + " reached " + status + ": " + monitor.publishedMessage(id));
    }
}
