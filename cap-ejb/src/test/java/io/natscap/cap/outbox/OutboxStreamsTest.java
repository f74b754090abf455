package io.natscap.cap.outbox;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.natscap.cap.MessageStatus;
import io.natscap.cap.TestDatabases;
import io.natscap.cap.config.StreamOptions;
import io.natscap.cap.messages.CapMessage;
import io.natscap.nats.StreamDefinition;
import io.natscap.testing.Await;
import io.natscap.testing.NatsTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The outbox's streams as cap.stream.* describes them: created with their limits, only checked, re-checked after a failed send. */
class OutboxStreamsTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    private NatsTestServer server;
    private OutboxFixture outbox;

    @BeforeEach
    void startServer() {
        server = NatsTestServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (outbox != null) {
            outbox.close();
        }
        server.close();
    }

    @Test
    void theOutboxCreatesItsStreamWithTheConfiguredLimits() throws Exception {
        StreamOptions options = new StreamOptions(true, 1, StreamDefinition.Storage.FILE, Duration.ofDays(7), 50_000_000, 100_000,
                StreamDefinition.Discard.NEW, Optional.of(Duration.ofMinutes(20)));
        outbox = new OutboxFixture(TestDatabases.H2, TestDatabases.freshPrefix(), server,
                OutboxFixture.fastOptions().withStreams(options));

        CapMessage sent = outbox.publishAndCommit("invoices.created", "i-1");
        awaitStatus(sent, MessageStatus.Succeeded, 0);

        StreamConfiguration config = streamConfig("invoices");
        assertEquals(List.of("invoices.>"), config.getSubjects());
        assertEquals(Duration.ofDays(7), config.getMaxAge());
        assertEquals(50_000_000, config.getMaxBytes());
        assertEquals(100_000, config.getMaxMsgs());
        assertEquals(DiscardPolicy.New, config.getDiscardPolicy());
        assertEquals(Duration.ofMinutes(20), config.getDuplicateWindow());
        assertEquals(1, config.getReplicas());
    }

    @Test
    void withCreateOffAMissingStreamFailsTheSendSayingWhyAndTheMessageGoesOutOnceTheStreamExists() throws Exception {
        StreamOptions checkOnly = new StreamOptions(false, 1, StreamDefinition.Storage.FILE, Duration.ZERO, -1, -1,
                StreamDefinition.Discard.OLD, Optional.empty());
        outbox = new OutboxFixture(TestDatabases.H2, TestDatabases.freshPrefix(), server,
                OutboxFixture.fastOptions().withStreams(checkOnly));

        CapMessage waiting = outbox.publishAndCommit("payments.settled", "p-1");
        awaitStatus(waiting, MessageStatus.Failed, 1);
        String recorded = outbox.published.get(waiting.id()).orElseThrow().content();
        assertTrue(recorded.contains("stream 'payments' does not exist or does not capture 'payments.settled', and "
                + "cap.stream.create=false forbids creating it"), recorded);
        assertTrue(streamNames().stream().noneMatch("payments"::equals), "the outbox created no stream");

        try (Connection nats = Nats.connect(server.url())) {
            nats.jetStreamManagement().addStream(StreamConfiguration.builder().name("payments").subjects("payments.>").build());
        }
        OutboxFixture.pass(outbox.retry);
        awaitStatus(waiting, MessageStatus.Succeeded, 1);
        assertEquals(1, OutboxFixture.streamCount(server, "payments"));
    }

    @Test
    void aStreamDeletedAfterTheFirstSendIsCreatedAgainForTheNext() throws Exception {
        outbox = new OutboxFixture(TestDatabases.H2, TestDatabases.freshPrefix(), server, OutboxFixture.fastOptions());
        awaitStatus(outbox.publishAndCommit("refunds.issued", "r-1"), MessageStatus.Succeeded, 0);
        try (Connection nats = Nats.connect(server.url())) {
            nats.jetStreamManagement().deleteStream("refunds");
        }

        CapMessage afterDeletion = outbox.publishAndCommit("refunds.issued", "r-2");
        Await.until(LIMIT, () -> {
            OutboxFixture.pass(outbox.retry);
            return status(afterDeletion) == MessageStatus.Succeeded;
        }, () -> "the message after the stream was deleted was sent to a new stream; it is " + status(afterDeletion));
        assertEquals(1, OutboxFixture.streamCount(server, "refunds"), "the new stream holds the second message");
    }

    /**
     * CAP .NET's NATS transport (NATSConsumerClient.FetchTopicsAsync) makes a stream per first token,
     * in memory, with exactly its subscribers' subjects, and at each start updates it to exactly
     * those again. natscap joins that stream: it adds its subject (as {@code shipments.>}, which covers
 * CAP's), keeps CAP's storage and never captures less,
     * and after CAP's restart has taken its subject away, adds it again on the next failed send.
     */
    @Test
    void aStreamMadeAsCapDotNetMakesItIsJoinedExtendedNeverNarrowedAndReExtendedAfterCapRewritesIt() throws Exception {
        StreamConfiguration asCapMakesIt = StreamConfiguration.builder().name("shipments").noAck(false)
                .storageType(StorageType.Memory).subjects("shipments.created").build();
        try (Connection nats = Nats.connect(server.url())) {
            nats.jetStreamManagement().addStream(asCapMakesIt);
        }
        outbox = new OutboxFixture(TestDatabases.H2, TestDatabases.freshPrefix(), server, OutboxFixture.fastOptions());

        awaitStatus(outbox.publishAndCommit("shipments.delivered", "s-1"), MessageStatus.Succeeded, 0);
        StreamConfiguration joined = streamConfig("shipments");
        assertEquals(StorageType.Memory, joined.getStorageType(), "CAP's storage is kept");
        assertTrue(captures(joined, "shipments.created"), "CAP's subject is still captured: " + joined.getSubjects());
        assertTrue(captures(joined, "shipments.delivered"), "natscap's subject was added: " + joined.getSubjects());

        try (Connection nats = Nats.connect(server.url())) {
            nats.jetStreamManagement().updateStream(asCapMakesIt); // CAP .NET starts again
        }
        CapMessage afterCapsRestart = outbox.publishAndCommit("shipments.delivered", "s-2");
        Await.until(LIMIT, () -> {
            OutboxFixture.pass(outbox.retry);
            return status(afterCapsRestart) == MessageStatus.Succeeded;
        }, () -> "the message after CAP .NET narrowed the stream was sent; it is " + status(afterCapsRestart));
        assertEquals(2, OutboxFixture.streamCount(server, "shipments"), "both of natscap's messages are in CAP's stream");
        assertTrue(captures(streamConfig("shipments"), "shipments.created"), "CAP's subject is still captured");
    }

    @Test
    void badStreamOptionsAreRefusedNamingTheOption() {
        IllegalArgumentException replicas = assertThrows(IllegalArgumentException.class, () -> new StreamOptions(true, 7,
                StreamDefinition.Storage.FILE, Duration.ZERO, -1, -1, StreamDefinition.Discard.OLD, Optional.empty()).validate());
        assertEquals("cap.stream.replicas must be 1 to 5, was 7", replicas.getMessage());
        IllegalArgumentException bytes = assertThrows(IllegalArgumentException.class, () -> new StreamOptions(true, 1,
                StreamDefinition.Storage.FILE, Duration.ZERO, 0, -1, StreamDefinition.Discard.OLD, Optional.empty()).validate());
        assertEquals("cap.stream.maxBytes must be positive, or -1 for no limit, was 0", bytes.getMessage());
        IllegalArgumentException window = assertThrows(IllegalArgumentException.class, () -> new StreamOptions(true, 1,
                StreamDefinition.Storage.FILE, Duration.ZERO, -1, -1, StreamDefinition.Discard.OLD, Optional.of(Duration.ZERO))
                .validate());
        assertEquals("cap.stream.duplicateWindow must be a positive number of seconds, was 0", window.getMessage());
    }

    private static boolean captures(StreamConfiguration stream, String subject) {
        return stream.getSubjects().stream().anyMatch(pattern -> StreamDefinition.covers(pattern, subject));
    }

    private MessageStatus status(CapMessage message) {
        try {
            return outbox.published.get(message.id()).orElseThrow().status();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void awaitStatus(CapMessage message, MessageStatus status, int retries) {
        Await.until(LIMIT, () -> {
            try {
                var row = outbox.published.get(message.id()).orElseThrow();
                return row.status() == status && row.retries() >= retries;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, () -> "message " + message.id() + " reached " + status + " with " + retries + " retries");
    }

    private StreamConfiguration streamConfig(String stream) throws Exception {
        try (Connection nats = Nats.connect(server.url())) {
            return nats.jetStreamManagement().getStreamInfo(stream).getConfiguration();
        }
    }

    private List<String> streamNames() throws Exception {
        try (Connection nats = Nats.connect(server.url())) {
            JetStreamManagement jsm = nats.jetStreamManagement();
            return jsm.getStreamNames();
        }
    }
}
