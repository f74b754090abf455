package io.natscap.cap.outbox;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.natscap.cap.CapObserver;
import io.natscap.cap.MessageStatus;
import io.natscap.cap.TestDatabases;
import io.natscap.cap.inbox.InboxForTests;
import io.natscap.cap.messages.CapMessage;
import io.natscap.nats.ra.ReceivedMessage;
import io.natscap.testing.Await;
import io.natscap.testing.LogCapture;
import io.natscap.testing.NatsTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an application's CapObserver is told while messages go out, are consumed, fail and are given up. */
class ObserverTest {

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

    @Test
    void everyPublishedAndConsumedMessageIsCountedOnceWithItsLatencies() throws Exception {
        try (OutboxFixture outbox = new OutboxFixture(TestDatabases.H2, TestDatabases.freshPrefix(), server,
                OutboxFixture.fastOptions());
             Connection nats = Nats.connect(server.url())) {
            InboxForTests inbox = new InboxForTests(outbox.received, outbox.options, outbox.messages, outbox.outbox,
                    outbox.observers);
            AtomicInteger runs = new AtomicInteger();
            Dispatcher billing = nats.createDispatcher(m -> inbox.receive(ReceivedMessage.of(m, 10, "billing.v1"), runs));
            billing.subscribe("orders.>");
            nats.flush(Duration.ofSeconds(5));

            int messages = 20;
            for (int i = 0; i < messages; i++) {
                outbox.publishAndCommit("orders.created", Map.of("orderId", "o-" + i));
            }
            Await.until(LIMIT, () -> runs.get() == messages && outbox.observed.count("succeeded", "orders.created/billing.v1")
                    == messages, () -> runs + " runs; observed " + outbox.observed);
            CountingObserver seen = outbox.observed;
            assertEquals(messages, seen.count("published", "orders.created"), seen::toString);
            Await.until(LIMIT, () -> seen.count("sent", "orders.created") == messages, seen::toString);
            assertEquals(messages, seen.count("received", "orders.created/billing.v1"), seen::toString);
            assertTrue(seen.count("borrowed", "") >= 1, "a connection was borrowed for the sends: " + seen);
            assertEquals(0, seen.count("sendFailed", "orders.created"), seen::toString);
            assertTrue(seen.sendLatencies.stream().allMatch(d -> !d.isNegative() && d.compareTo(LIMIT) < 0),
                    "publish-to-ack latencies from the message id's time: " + seen.sendLatencies);
            assertEquals(messages, seen.subscriberLatencies.size(), "natscap's cap-senttime gives every run a latency");
        }
    }

    @Test
    void failedSendsAndTheGivingUpAreCountedAndAFailingObserverChangesNothing() throws Exception {
        CapObserver broken = new CapObserver() {
            @Override
            public void sendFailed(String name, boolean givenUp) {
                throw new IllegalStateException("the observer is broken");
            }
        };
        // a broken observer before the fixture's counting one: the counting one still hears everything
        OutboxFixture strict = new OutboxFixture(TestDatabases.H2, TestDatabases.freshPrefix(), server,
                OutboxFixture.fastOptions().withRetries(3, Duration.ofSeconds(1)), broken);
        try (LogCapture log = new LogCapture()) {
            server.stop();
            CapMessage doomed = strict.publishAndCommit("doomed.event", "x");
            Await.until(LIMIT, () -> strict.monitor.publishedMessage(doomed.id()).map(r -> r.status() == MessageStatus.Failed)
                    .orElse(false), "the first send failed");
            OutboxFixture.pass(strict.retry);
            OutboxFixture.pass(strict.retry);
            assertEquals(3, strict.published.get(doomed.id()).orElseThrow().retries());
            assertEquals(2, strict.observed.count("sendFailed", "doomed.event"), strict.observed::toString);
            assertEquals(1, strict.observed.count("givenUp", "doomed.event"), strict.observed::toString);
            assertEquals(1, log.text().split("The CapObserver", -1).length - 1,
                    "the broken observer is logged once, not per call:\n" + log.text());
        } finally {
            strict.close();
        }
    }
}
