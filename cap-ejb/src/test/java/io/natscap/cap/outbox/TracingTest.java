package io.natscap.cap.outbox;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.MessageHandler;
import io.nats.client.Nats;
import io.nats.client.PublishOptions;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.natscap.cap.CapHeaders;
import io.natscap.cap.CapTracing;
import io.natscap.cap.TestDatabases;
import io.natscap.cap.config.CapOptions;
import io.natscap.cap.diagnostics.Observers;
import io.natscap.cap.diagnostics.Tracing;
import io.natscap.cap.inbox.InboxForTests;
import io.natscap.cap.messages.CapMessage;
import io.natscap.cap.messages.MessageFactory;
import io.natscap.cap.messages.SnowflakeId;
import io.natscap.nats.ra.ReceivedMessage;
import io.natscap.testing.Await;
import io.natscap.testing.NatsTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * What natscap asks of an application's CapTracing: the producer span's traceparent goes out with
 * the message, every delivery runs inside a consumer span whose parent is that traceparent (a
 * retry gets a span of its own), and a tracing that throws changes nothing.
 */
class TracingTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final String PRODUCER_SPAN = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

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
    void theProducerSpansTraceparentGoesOutWithTheMessage() {
        RecordingTracing tracing = new RecordingTracing();
        MessageFactory messages = new MessageFactory(CapOptions.defaults("natscap"), new SnowflakeId(3),
                new Tracing(tracing, () -> "00-ffffffffffffffffffffffffffffffff-ffffffffffffffff-01"));
        CapMessage message = messages.create("orders.created", Map.of("orderId", "o-1"), null, null, null);
        assertEquals(PRODUCER_SPAN, message.headers().get(CapHeaders.TRACE_PARENT), "the producer span's, not the caller's");
        assertEquals(List.of("orders.created " + message.id()), tracing.published);
    }

    @Test
    void aTracingThatThrowsLeavesTheCallersTraceparentAndTheDeliveryAlone() throws Exception {
        CapTracing broken = new CapTracing() {
            @Override
            public String published(String name, long messageId) {
                throw new IllegalStateException("tracing is broken");
            }

            @Override
            public Delivery delivering(String name, String group, long messageId, String traceparent, long attempt) {
                throw new IllegalStateException("tracing is broken");
            }
        };
        Tracing tracing = new Tracing(broken, () -> "00-0123456789abcdef0123456789abcdef-0123456789abcdef-01");
        CapMessage message = new MessageFactory(CapOptions.defaults("natscap"), new SnowflakeId(3), tracing)
                .create("orders.created", Map.of("orderId", "o-2"), null, null, null);
        assertEquals("00-0123456789abcdef0123456789abcdef-0123456789abcdef-01", message.headers().get(CapHeaders.TRACE_PARENT),
                "the span active at publish, as without tracing");
        try (OutboxFixture outbox = new OutboxFixture(TestDatabases.H2, TestDatabases.freshPrefix(), server,
                OutboxFixture.fastOptions())) {
            AtomicInteger runs = new AtomicInteger();
            deliver(outbox, tracing, runs, null, 1);
            Await.until(LIMIT, () -> runs.get() == 1, "the subscriber ran although its span could not be started");
        }
    }

    @Test
    void everyDeliveryRunsInAConsumerSpanWhoseParentIsTheMessagesTraceparent() throws Exception {
        RecordingTracing recording = new RecordingTracing();
        Tracing tracing = new Tracing(recording, () -> null);
        try (OutboxFixture outbox = new OutboxFixture(TestDatabases.H2, TestDatabases.freshPrefix(), server,
                OutboxFixture.fastOptions())) {
            AtomicInteger runs = new AtomicInteger();
            // the first delivery fails, the redelivery (same message) succeeds
            deliver(outbox, tracing, runs, new IllegalStateException("first attempt fails"), 2);
            Await.until(LIMIT, () -> recording.closed.size() == 2, () -> "two spans closed: " + recording.delivering);
            assertEquals(2, recording.delivering.size(), recording.delivering::toString);
            for (String span : recording.delivering) {
                assertEquals("orders.created billing.v1 777 " + PRODUCER_SPAN + " 1", span,
                        "a consumer span per delivery, child of the message's traceparent, attempt 1 of its copy");
            }
            assertEquals(1, recording.failed.size(), "the failed attempt's span records the failure");
            assertFalse(recording.failed.get(0).isEmpty());
        }
    }

    /** Publishes one CAP message with a traceparent and hands each of {@code copies} deliveries to the inbox. */
    private void deliver(OutboxFixture outbox, Tracing tracing, AtomicInteger runs, RuntimeException firstFailure, int copies)
            throws Exception {
        InboxForTests inbox = new InboxForTests(outbox.received, outbox.options, outbox.messages, outbox.outbox,
                Observers.NONE, tracing);
        try (Connection nats = Nats.connect(server.url())) {
            AtomicInteger deliveries = new AtomicInteger();
            Dispatcher dispatcher = nats.createDispatcher();
            MessageHandler handler = m -> {
                RuntimeException failure = deliveries.incrementAndGet() == 1 ? firstFailure : null;
                try {
                    inbox.receive(ReceivedMessage.of(m, 10, "billing.v1"), runs, failure);
                } catch (RuntimeException expected) {
                    // the bean's transaction would roll back and the message come again
                }
                m.ack();
            };
            // JetStream messages: a core message gets one attempt, a JetStream one is retried
            nats.jetStreamManagement().addStream(StreamConfiguration.builder().name("orders").subjects("orders.>").build());
            nats.jetStream().subscribe("orders.created", dispatcher, handler, false);
            Headers headers = new Headers().put(CapHeaders.MESSAGE_ID, "777").put(CapHeaders.MESSAGE_NAME, "orders.created")
                    .put(CapHeaders.TRACE_PARENT, PRODUCER_SPAN);
            for (int i = 0; i < copies; i++) {
                // copies of one CAP message, as a redelivery brings it again
                nats.jetStream().publish(NatsMessage.builder().subject("orders.created").headers(headers)
                        .data("{\"orderId\":\"o-3\"}".getBytes(StandardCharsets.UTF_8)).build(),
                        PublishOptions.builder().messageId("copy-" + i).build());
            }
            Await.until(LIMIT, () -> deliveries.get() == copies, "both copies delivered");
        }
    }

    private static final class RecordingTracing implements CapTracing {
        final List<String> published = new CopyOnWriteArrayList<>();
        final List<String> delivering = new CopyOnWriteArrayList<>();
        final List<String> failed = new CopyOnWriteArrayList<>();
        final List<String> closed = new CopyOnWriteArrayList<>();

        @Override
        public String published(String name, long messageId) {
            published.add(name + " " + messageId);
            return PRODUCER_SPAN;
        }

        @Override
        public Delivery delivering(String name, String group, long messageId, String traceparent, long attempt) {
            String span = name + " " + group + " " + messageId + " " + traceparent + " " + attempt;
            delivering.add(span);
            return new Delivery() {
                @Override
                public void failed(Throwable error) {
                    failed.add(String.valueOf(error.getMessage()));
                }

                @Override
                public void close() {
                    closed.add(span);
                }
            };
        }
    }
}
