package io.natscap.nats.ra.outbound;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.natscap.nats.JetStreamAck;
import io.natscap.nats.NatsConnection;
import io.natscap.nats.NatsConnectionFactory;
import io.natscap.nats.NatsMessage;
import io.natscap.nats.NatsResourceException;
import io.natscap.nats.StreamDefinition;
import io.natscap.testing.NatsTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The API's operations against a real server: what cap-ejb builds on. */
class JetStreamAndRequestTest {

    private static NatsTestServer server;
    private static ContainerLikePool pool;
    private static NatsConnectionFactory factory;

    @BeforeAll
    static void start() {
        server = NatsTestServer.start("max_payload: 4096");
        pool = new ContainerLikePool();
        factory = (NatsConnectionFactory) Factories.forServer(server).createConnectionFactory(pool);
    }

    @AfterAll
    static void stop() {
        pool.shutdown();
        server.close();
    }

    @Test
    void ensureStreamCreatesAFileStreamThenAddsSubjectsAndWindow() throws Exception {
        try (NatsConnection connection = factory.getConnection()) {
            StreamDefinition created = connection.ensureStream(
                    StreamDefinition.fileStream("SHIPPING", List.of("shipping.created"), Duration.ofMinutes(2)));
            assertEquals(StreamDefinition.Storage.FILE, created.storage());
            assertEquals(List.of("shipping.created"), created.subjects());

            StreamDefinition updated = connection.ensureStream(
                    StreamDefinition.fileStream("SHIPPING", List.of("shipping.sent"), Duration.ofMinutes(10)));
            assertEquals(List.of("shipping.created", "shipping.sent"), updated.subjects());
            assertEquals(Duration.ofMinutes(10), updated.duplicateWindow());
        }
        try (Connection raw = Nats.connect(server.url())) {
            StreamConfiguration config = raw.jetStreamManagement().getStreamInfo("SHIPPING").getConfiguration();
            assertEquals(StorageType.File, config.getStorageType());
            assertEquals(Duration.ofMinutes(10), config.getDuplicateWindow());
        }
    }

    @Test
    void aStreamIsCreatedWithItsLimitsAndAnExistingOneIsNeverNarrowed() throws Exception {
        StreamDefinition.Limits limits = new StreamDefinition.Limits(Duration.ofHours(6), 1_000_000, 500,
                StreamDefinition.Discard.NEW);
        try (NatsConnection connection = factory.getConnection()) {
            StreamDefinition created = connection.ensureStream(StreamDefinition.fileStream("LIMITED",
                    List.of("limited.a", "limited.b"), Duration.ofMinutes(30)).withLimits(limits));
            assertEquals(limits, created.limits());
            assertEquals(1, created.replicas());

            // another service's narrower idea of the stream: fewer subjects, a shorter window, other limits
            StreamDefinition after = connection.ensureStream(StreamDefinition.fileStream("LIMITED", List.of("limited.a"),
                    Duration.ofMinutes(2)).withLimits(StreamDefinition.Limits.NONE).withStorage(StreamDefinition.Storage.MEMORY));
            assertEquals(List.of("limited.a", "limited.b"), after.subjects());
            assertEquals(Duration.ofMinutes(30), after.duplicateWindow());
            assertEquals(limits, after.limits());
            assertEquals(StreamDefinition.Storage.FILE, after.storage());
            assertEquals(after, connection.stream("LIMITED").orElseThrow());
        }
        try (Connection raw = Nats.connect(server.url())) {
            StreamConfiguration config = raw.jetStreamManagement().getStreamInfo("LIMITED").getConfiguration();
            assertEquals(List.of("limited.a", "limited.b"), config.getSubjects());
            assertEquals(Duration.ofHours(6), config.getMaxAge());
            assertEquals(500, config.getMaxMsgs());
            assertEquals(1_000_000, config.getMaxBytes());
            assertEquals(DiscardPolicy.New, config.getDiscardPolicy());
        }
    }

    @Test
    void readingAStreamChangesNothingAndAMissingOneIsEmpty() throws Exception {
        try (NatsConnection connection = factory.getConnection()) {
            assertTrue(connection.stream("NO_SUCH_STREAM").isEmpty());
        }
        try (Connection raw = Nats.connect(server.url())) {
            assertTrue(raw.jetStreamManagement().getStreamNames().stream().noneMatch("NO_SUCH_STREAM"::equals));
        }
    }

    @Test
    void replicasASingleServerCannotKeepAreRefusedNamingTheStream() throws Exception {
        try (NatsConnection connection = factory.getConnection()) {
            NatsResourceException refused = assertThrows(NatsResourceException.class, () -> connection.ensureStream(
                    StreamDefinition.fileStream("TRIPLE", List.of("triple.>"), Duration.ofMinutes(2)).withReplicas(3)));
            assertTrue(refused.getMessage().startsWith("Cannot create or update stream 'TRIPLE' with subjects [triple.>]: "),
                    refused.getMessage());
            assertTrue(connection.stream("TRIPLE").isEmpty(), "nothing was created");
        }
    }

    @Test
    void anExistingMemoryStreamIsReportedAsItIs() throws Exception {
        try (Connection raw = Nats.connect(server.url())) {
            raw.jetStreamManagement().addStream(StreamConfiguration.builder()
                    .name("VOLATILE").subjects("volatile.>").storageType(StorageType.Memory).build());
        }
        try (NatsConnection connection = factory.getConnection()) {
            StreamDefinition actual = connection.ensureStream(
                    StreamDefinition.fileStream("VOLATILE", List.of("volatile.>"), Duration.ofMinutes(2)));
            assertEquals(StreamDefinition.Storage.MEMORY, actual.storage(), "storage cannot change; the caller is told");
        }
    }

    @Test
    void theSameMessageIdIsStoredOnce() throws Exception {
        try (NatsConnection connection = factory.getConnection()) {
            connection.ensureStream(StreamDefinition.fileStream("DEDUP", List.of("dedup.>"), Duration.ofMinutes(2)));
            JetStreamAck first = connection.jetStreamPublish("dedup.x", Map.of("cap-msg-id", "42"), bytes("a"), "42");
            JetStreamAck second = connection.jetStreamPublish("dedup.x", Map.of("cap-msg-id", "42"), bytes("a"), "42");
            assertFalse(first.duplicate());
            assertTrue(second.duplicate());
            assertEquals("DEDUP", second.stream());
            assertEquals(first.sequence(), second.sequence());
        }
        try (Connection raw = Nats.connect(server.url())) {
            assertEquals(1, raw.jetStreamManagement().getStreamInfo("DEDUP").getStreamState().getMsgCount());
            Headers headers = raw.jetStreamManagement().getMessage("DEDUP", 1).getHeaders();
            assertEquals("42", headers.getFirst("Nats-Msg-Id"), "the message id travels as Nats-Msg-Id");
            assertEquals("42", headers.getFirst("cap-msg-id"));
        }
    }

    @Test
    void asyncPublishesAreAllAcknowledged() throws Exception {
        int count = 500;
        List<CompletableFuture<JetStreamAck>> acks = new ArrayList<>();
        try (NatsConnection connection = factory.getConnection()) {
            connection.ensureStream(StreamDefinition.fileStream("BATCH", List.of("batch.>"), Duration.ofMinutes(2)));
            for (int i = 0; i < count; i++) {
                acks.add(connection.jetStreamPublishAsync("batch.item", null, bytes("item-" + i), "item-" + i));
            }
            Set<Long> sequences = new HashSet<>();
            for (CompletableFuture<JetStreamAck> ack : acks) {
                sequences.add(ack.get().sequence());
            }
            assertEquals(count, sequences.size(), "every message got its own sequence");
        }
    }

    @Test
    void anAsyncPublishToNoStreamCompletesWithANamedError() throws Exception {
        try (NatsConnection connection = factory.getConnection()) {
            CompletableFuture<JetStreamAck> ack = connection.jetStreamPublishAsync("nostream.here", null, bytes("x"), "n-1");
            ExecutionException error = assertThrows(ExecutionException.class, ack::get);
            NatsResourceException cause = assertInstanceOf(NatsResourceException.class, error.getCause());
            assertTrue(cause.getMessage().contains("'nostream.here'"), cause.getMessage());
        }
    }

    @Test
    void requestGetsTheReply() throws Exception {
        try (Connection responder = Nats.connect(server.url())) {
            Dispatcher dispatcher = responder.createDispatcher(m -> {
                Headers headers = new Headers().put("handled-by", "responder");
                String reply = "re: " + new String(m.getData(), StandardCharsets.UTF_8);
                responder.publish(m.getReplyTo(), headers, reply.getBytes(StandardCharsets.UTF_8));
            });
            dispatcher.subscribe("prices.quote");
            responder.flush(Duration.ofSeconds(5));

            try (NatsConnection connection = factory.getConnection()) {
                NatsMessage reply = connection.request("prices.quote", Map.of("k", "v"), bytes("apples"), Duration.ofSeconds(5));
                assertEquals("re: apples", new String(reply.body(), StandardCharsets.UTF_8));
                assertEquals("responder", reply.header("handled-by"));
                assertFalse(reply.isJetStream());
            }
        }
    }

    @Test
    void requestWithoutResponderFailsClearly() throws Exception {
        try (NatsConnection connection = factory.getConnection()) {
            NatsResourceException error = assertThrows(NatsResourceException.class,
                    () -> connection.request("nobody.listens", null, bytes("?"), Duration.ofMillis(500)));
            assertTrue(error.getMessage().contains("No reply on 'nobody.listens'"), error.getMessage());
        }
        try (NatsConnection connection = factory.getConnection()) {
            connection.publish("still.usable", null, bytes("!"));
        }
        assertEquals(List.of(), pool.errorEvents(), "a missing responder is no connection error");
    }

    @Test
    void anOversizedPayloadFailsClearlyAndTheConnectionStaysUsable() throws Exception {
        try (NatsConnection connection = factory.getConnection()) {
            assertEquals(4096, connection.maxPayload());
            NatsResourceException error = assertThrows(NatsResourceException.class,
                    () -> connection.publish("big.one", null, new byte[5000]));
            assertTrue(error.getMessage().contains("payload"), error.getMessage());
            assertTrue(error.getMessage().contains("'big.one'"), error.getMessage());
            connection.publish("small.one", null, new byte[10]);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
