package io.natscap.cap.outbox;

import io.natscap.cap.messages.CapMessage;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
import io.natscap.cap.CapHeaders;
import io.natscap.cap.CapPublishException;
import io.natscap.cap.MessageStatus;
import io.natscap.cap.TestDatabases;
import io.natscap.cap.config.CapOptions;
import io.natscap.nats.NatsAdapterStatus;
import io.natscap.nats.NatsConnection;
import io.natscap.nats.NatsConnectionFactory;
import io.natscap.testing.LogCapture;
import jakarta.resource.ResourceException;
import io.natscap.testing.Await;
import io.natscap.testing.NatsTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.naming.Reference;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** From the committed row to the stream, and what happens when NATS is not there. */
class OutboxDeliveryTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    private NatsTestServer server;
    private OutboxFixture outbox;

    public record OrderCreated(String orderId, String customer, double amount) {
    }

    @BeforeEach
    void start() throws Exception {
        server = NatsTestServer.start();
        outbox = new OutboxFixture(TestDatabases.H2, TestDatabases.freshPrefix(), server, OutboxFixture.fastOptions());
    }

    @AfterEach
    void stop() throws Exception {
        outbox.close();
        server.close();
    }

    @Test
    void aCommittedMessageIsSentOnceWithCapHeadersAndNatsMsgId() throws Exception {
        CapMessage sent = outbox.publishAndCommit("orders.created", new OrderCreated("o-1", "alice", 12.5));

        awaitStatus(sent.id(), MessageStatus.Succeeded);
        try (Connection nats = Nats.connect(server.url())) {
            MessageInfo stored = nats.jetStreamManagement().getMessage("orders", 1);
            Map<String, String> headers = new java.util.HashMap<>();
            stored.getHeaders().entrySet().forEach(e -> headers.put(e.getKey(), e.getValue().get(0)));
            String id = Long.toString(sent.id());
            assertEquals(id, headers.get(CapHeaders.MESSAGE_ID));
            assertEquals(id, headers.get(CapHeaders.NATS_MESSAGE_ID), "JetStream de-duplicates on the CAP id");
            assertEquals("orders.created", headers.get(CapHeaders.MESSAGE_NAME));
            assertEquals("OrderCreated", headers.get(CapHeaders.TYPE));
            assertEquals(id, headers.get(CapHeaders.CORRELATION_ID));
            assertEquals("0", headers.get(CapHeaders.CORRELATION_SEQUENCE));
            assertNotNull(headers.get(CapHeaders.SENT_TIME));
            assertEquals("{\"amount\":12.5,\"customer\":\"alice\",\"orderId\":\"o-1\"}",
                    new String(stored.getData(), StandardCharsets.UTF_8));
            assertEquals("orders.created", stored.getSubject());
        }
        assertEquals(1, OutboxFixture.streamCount(server, "orders"));
    }

    @Test
    void aCallersCapMsgIdIsSentAsItsIdAndTheSameIdTwiceIsRefusedSayingSo() throws Exception {
        CapMessage own = outbox.messages.create("orders.created", new OrderCreated("o-7", "carol", 3), Map.of("cap-msg-id", "4711"),
                null, null);
        outbox.outbox.store(own, null);
        awaitStatus(4711, MessageStatus.Succeeded);
        assertEquals(List.of("4711"), OutboxFixture.idsInStream(server, "orders"));

        CapMessage again = outbox.messages.create("orders.created", new OrderCreated("o-8", "carol", 4), Map.of("cap-msg-id", "4711"),
                null, null);
        CapPublishException refused = assertThrows(CapPublishException.class, () -> outbox.outbox.store(again, null));
        assertEquals("Event 'orders.created' has cap-msg-id 4711, which the outbox already holds: a caller's cap-msg-id must be unique",
                refused.getMessage());
    }

    @Test
    void messagesStoredWhileNatsIsDownGoOutWithinSecondsOfItsReturn() throws Exception {
        List<CapMessage> stored = publishDuringAnOutage(20);
        assertTrue(outbox.dispatcher.transportDown());

        server.startAgain();
        long back = System.nanoTime();
        // the container runs the transport check every second
        Await.until(LIMIT, () -> {
            OutboxFixture.pass(outbox.transportCheck);
            return OutboxFixture.streamCount(server, "outage") == 20;
        }, () -> "the 20 messages stored during the outage reached the stream; " + OutboxFixture.streamCount(server, "outage") + " did");
        long seconds = Duration.ofNanos(System.nanoTime() - back).toMillis();
        System.out.printf("natscap measured: 20 messages stored during an outage were in the stream %d ms after nats-server"
                + " was back%n", seconds);
        for (CapMessage message : stored) {
            assertEquals(MessageStatus.Succeeded, outbox.published.get(message.id()).orElseThrow().status());
        }
    }

    /** Stops the server and commits {@code count} events, each stored and Failed once. */
    private List<CapMessage> publishDuringAnOutage(int count) throws Exception {
        server.stop();
        List<CapMessage> stored = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            stored.add(outbox.publishAndCommit("outage.event", Map.of("n", i)));
        }
        for (CapMessage message : stored) {
            awaitStatus(message.id(), MessageStatus.Failed);
        }
        return stored;
    }

    @Test
    void messagesStoredDuringAnOutageGoOutEvenWhenNewCommitsAreSentFirst() throws Exception {
        List<CapMessage> stored = publishDuringAnOutage(20);

        server.startAgain();
        // steady traffic: a commit after the return is sent at once, before any transport check
        CapMessage after = outbox.publishAndCommit("outage.after", Map.of("n", 1));
        awaitStatus(after.id(), MessageStatus.Succeeded);

        Await.until(LIMIT, () -> {
            OutboxFixture.pass(outbox.transportCheck);
            return OutboxFixture.streamCount(server, "outage") == 21;
        }, () -> "the 20 messages stored during the outage and the one after it reached the stream; "
                + OutboxFixture.streamCount(server, "outage") + " did");
        for (CapMessage message : stored) {
            assertEquals(MessageStatus.Succeeded, outbox.published.get(message.id()).orElseThrow().status());
        }
    }

    @Test
    void aThousandMessagesAcrossAServerRestartAreEachInTheStreamOnce() throws Exception {
        List<String> published = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            published.add(Long.toString(outbox.publishAndCommit("bulk.item", Map.of("n", i)).id()));
        }
        server.restart();
        for (int i = 500; i < 1000; i++) {
            published.add(Long.toString(outbox.publishAndCommit("bulk.item", Map.of("n", i)).id()));
        }
        Await.until(LIMIT, () -> {
            OutboxFixture.pass(outbox.transportCheck);
            OutboxFixture.pass(outbox.retry);
            return OutboxFixture.streamCount(server, "bulk") >= 1000 && pending() == 0;
        }, () -> "all 1000 in the stream and nothing pending; stream has " + OutboxFixture.streamCount(server, "bulk")
                + ", pending rows " + pending());

        List<String> inStream = OutboxFixture.idsInStream(server, "bulk");
        System.out.printf("natscap measured: 1000 messages across a restart: %d in the stream, %d distinct, rows %s%n",
                inStream.size(), new HashSet<>(inStream).size(), outbox.published.countByStatus());
        assertEquals(1000, inStream.size(), "no message twice in the stream");
        assertEquals(Set.copyOf(published), Set.copyOf(inStream), "every message in the stream");
        assertEquals(Map.of(MessageStatus.Succeeded, 1000L), outbox.published.countByStatus());
    }

    @Test
    void aMessageWhoseSenderDiedIsSentByTheRetryProcessorOnceItsLeaseEnds() throws Exception {
        // stored and committed, but the dispatcher never ran: the app server died after the commit
        CapMessage orphan = outbox.messages.create("orphans.created", "lost?", Map.of(), null, null);
        outbox.writer.write(orphan, null);

        OutboxFixture.pass(outbox.retry);
        assertEquals(MessageStatus.Scheduled, outbox.published.get(orphan.id()).orElseThrow().status(),
                "within its lease (cap.fallbackWindowLookbackSeconds) the row is left to its sender");

        Await.until(LIMIT, () -> {
            OutboxFixture.pass(outbox.retry);
            return OutboxFixture.streamCount(server, "orphans") == 1;
        }, "the retry processor sent the orphaned message after its lease");
        assertEquals(MessageStatus.Succeeded, outbox.published.get(orphan.id()).orElseThrow().status());
    }

    @Test
    void aDelayedMessageIsNotSentBeforeItsTimeAndIsSentAfter() throws Exception {
        CapMessage later = outbox.messages.create("reminders.due", "call back", Map.of(), null, Duration.ofSeconds(3));
        long stored = System.nanoTime();
        assertEquals(false, outbox.writer.write(later, Duration.ofSeconds(3)), "not for the dispatcher after commit");
        assertEquals("00:00:03", later.headers().get(CapHeaders.DELAY_TIME), "a TimeSpan, as CAP writes it");

        OutboxFixture.pass(outbox.delayed);
        assertEquals(MessageStatus.Delayed, outbox.published.get(later.id()).orElseThrow().status());
        assertEquals(0, OutboxFixture.streamCount(server, "reminders"));

        Await.until(LIMIT, () -> {
            OutboxFixture.pass(outbox.delayed);
            return OutboxFixture.streamCount(server, "reminders") == 1;
        }, "the delayed message was sent after its time");
        assertTrue(Duration.ofNanos(System.nanoTime() - stored).toMillis() >= 3000, "not before its time");
        assertEquals(MessageStatus.Succeeded, outbox.published.get(later.id()).orElseThrow().status());
    }

    @Test
    void aMessageThatKeepsFailingIsGivenUpAndReported() throws Exception {
        OutboxFixture strict = new OutboxFixture(TestDatabases.H2, TestDatabases.freshPrefix(), server,
                OutboxFixture.fastOptions().withRetries(3, java.time.Duration.ofSeconds(1)));
        try {
            server.stop();
            CapMessage doomed = strict.publishAndCommit("doomed.event", "x");
            awaitStatus(strict, doomed.id(), MessageStatus.Failed, 1);
            OutboxFixture.pass(strict.retry);
            OutboxFixture.pass(strict.retry);
            var row = strict.published.get(doomed.id()).orElseThrow();
            assertEquals(3, row.retries());
            assertEquals(List.of(doomed.id()), strict.exhausted.stream().map(e -> e.messageId()).toList(),
                    "the RetriesExhausted event fired once");
            assertTrue(strict.exhausted.get(0).lastError().contains("-->"), strict.exhausted.get(0).lastError());
            OutboxFixture.pass(strict.retry);
            assertEquals(3, strict.published.get(doomed.id()).orElseThrow().retries(), "given up: not retried again");
        } finally {
            strict.close();
        }
    }

    @Test
    void anUnexpectedFailureWhileSendingIsLoggedAndTheBatchGoesOutWithoutWaitingForItsLease() throws Exception {
        // CAP's defaults: a lease of 240 s and a retry interval of 60 s, so only the transport check can send it in time
        NatsConnectionFactory real = OutboxFixture.natsFactory(server);
        AtomicInteger borrows = new AtomicInteger();
        NatsConnectionFactory failingOnce = new NatsConnectionFactory() {
            @Override
            public NatsConnection getConnection() throws ResourceException {
                if (borrows.incrementAndGet() == 1) {
                    throw new IllegalStateException("simulated defect in the send path");
                }
                return real.getConnection();
            }

            @Override
            public NatsAdapterStatus status() {
                return real.status();
            }

            @Override
            public void setReference(Reference reference) {
            }

            @Override
            public Reference getReference() {
                return null;
            }
        };
        try (LogCapture log = new LogCapture();
             OutboxFixture defaults = new OutboxFixture(TestDatabases.H2, TestDatabases.freshPrefix(), failingOnce,
                     CapOptions.defaults("natscap"))) {
            CapMessage message = defaults.publishAndCommit("orders.created", new OrderCreated("o-9", "carol", 1));
            Await.until(LIMIT, () -> log.text().contains("failed unexpectedly"),
                    () -> "natscap logged the failure of the drain task:\n" + log.text());
            assertTrue(log.text().contains("simulated defect in the send path"), log.text());

            Await.until(LIMIT, () -> {
                OutboxFixture.pass(defaults.transportCheck); // as the container runs it, every second
                return OutboxFixture.streamCount(server, "orders") == 1;
            }, () -> "the message was not resent before its lease ran out");
            awaitStatus(defaults, message.id(), MessageStatus.Succeeded, 1);

            CapMessage next = defaults.publishAndCommit("orders.created", new OrderCreated("o-10", "carol", 2));
            awaitStatus(defaults, next.id(), MessageStatus.Succeeded, 0); // the drain task goes on
            assertEquals(2, OutboxFixture.streamCount(server, "orders"));
        }
    }

    @Test
    void aMessageThatFailsForAnotherReasonWaitsForTheRetryIntervalNotTheTransportCheck() throws Exception {
        // another stream already captures conflict.>, so the outbox cannot create stream "conflict"
        try (Connection nats = Nats.connect(server.url())) {
            nats.jetStreamManagement().addStream(io.nats.client.api.StreamConfiguration.builder()
                    .name("BLOCKER").subjects("conflict.>").build());
        }
        CapMessage blocked = outbox.publishAndCommit("conflict.created", "x");
        awaitStatus(blocked.id(), MessageStatus.Failed);
        assertEquals(false, outbox.dispatcher.transportDown(), "NATS is up: this is no transport failure");

        OutboxFixture.pass(outbox.transportCheck);
        assertEquals(1, outbox.published.get(blocked.id()).orElseThrow().retries(),
                "the transport check (every second) does not burn the message's retries");
    }

    private long pending() {
        try {
            Map<MessageStatus, Long> counts = outbox.published.countByStatus();
            return counts.getOrDefault(MessageStatus.Scheduled, 0L) + counts.getOrDefault(MessageStatus.Failed, 0L);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void awaitStatus(long id, MessageStatus status) {
        awaitStatus(outbox, id, status, 0);
    }

    private static void awaitStatus(OutboxFixture fixture, long id, MessageStatus status, int retries) {
        Await.until(LIMIT, () -> {
            try {
                var row = fixture.published.get(id).orElseThrow();
                return row.status() == status && row.retries() >= retries;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, () -> "message " + id + " reached " + status);
    }
}
