package io.natscap.cap.outbox;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
import io.natscap.cap.CapHeaders;
import io.natscap.cap.TestDatabases;
import io.natscap.cap.messages.CapMessage;
import io.natscap.cap.messages.CapTimes;
import io.natscap.testing.Await;
import io.natscap.testing.NatsTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What natscap puts on the wire is what CAP .NET 10 puts there, header for header and byte for byte.
 *
 * <p>The fixture is CAP 10.0.2's behaviour, from its source: {@code CapPublisher.PublishInternalAsync}
 * ({@code ICapPublisher.Default.cs}) keeps the caller's headers (PublishAsync's callback overload
 * adds {@code cap-callback-name}), then adds {@code cap-msg-id} (a snowflake id unless given),
 * {@code cap-corr-id} = that id and {@code cap-corr-seq} = {@code 0} (unless a correlation was
 * given), {@code cap-msg-name} (the name after TopicNamePrefix), {@code cap-msg-type}
 * ({@code typeof(T).Name}), for a delayed message {@code cap-delaytime} ({@code TimeSpan.ToString()},
 * {@code 00:00:02}), and {@code cap-senttime} ({@code DateTime.Now.ToString(InvariantCulture)},
 * {@code MM/dd/yyyy HH:mm:ss}, the due time of a delayed message). The NATS transport
 * ({@code ITransport.NATS.cs}) copies every header onto the NATS message and publishes with
 * {@code PublishOptions.WithMessageId(cap-msg-id)}, which adds {@code Nats-Msg-Id}. Nothing else.
 *
 * <p>NATS headers are a map and jnats writes them in its map's order, so the comparison is of the
 * set of {@code name: value} lines, each exact to the byte, not of their order. The sent time is
 * the one value the fixture cannot know in advance: it is checked against CAP's format and the
 * moments before and after the publish.
 */
class CapDotNetWireTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    private NatsTestServer server;
    private OutboxFixture outbox;

    public record OrderCreated(String orderId, double amount) {
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
    void aPublishedEventCarriesExactlyCapsHeaders() throws Exception {
        LocalDateTime before = LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS);
        CapMessage sent = outbox.publishAndCommit("orders.created", new OrderCreated("o-1", 12.5));
        LocalDateTime after = LocalDateTime.now();

        List<String> onTheWire = headerLines(awaitInStream("orders", 1));
        String id = Long.toString(sent.id());
        String sentTime = sentTimeOf(onTheWire, before, after);
        assertEquals(sorted(List.of(
                "cap-msg-id: " + id,
                "cap-corr-id: " + id,
                "cap-corr-seq: 0",
                "cap-msg-name: orders.created",
                "cap-msg-type: OrderCreated",
                "cap-senttime: " + sentTime,
                "Nats-Msg-Id: " + id)), onTheWire);
    }

    @Test
    void aDelayedEventWithACallbackCarriesCapsDelayTimeItsDueTimeAndTheCallbackName() throws Exception {
        LocalDateTime before = LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS);
        CapMessage delayed = outbox.messages.create("orders.created", new OrderCreated("o-2", 3), Map.of(), "orders.billed",
                Duration.ofSeconds(2));
        outbox.outbox.store(delayed, Duration.ofSeconds(2));
        LocalDateTime after = LocalDateTime.now();
        Await.until(LIMIT, () -> {
            OutboxFixture.pass(outbox.delayed);
            return OutboxFixture.streamCount(server, "orders") == 1;
        }, "the delayed message sent once due");

        List<String> onTheWire = headerLines(awaitInStream("orders", 1));
        String id = Long.toString(delayed.id());
        String dueTime = sentTimeOf(onTheWire, before.plusSeconds(2), after.plusSeconds(2));
        assertEquals(sorted(List.of(
                "cap-callback-name: orders.billed",
                "cap-msg-id: " + id,
                "cap-corr-id: " + id,
                "cap-corr-seq: 0",
                "cap-msg-name: orders.created",
                "cap-msg-type: OrderCreated",
                "cap-delaytime: 00:00:02",
                "cap-senttime: " + dueTime,
                "Nats-Msg-Id: " + id)), onTheWire);
    }

    private MessageInfo awaitInStream(String stream, long sequence) throws Exception {
        Await.until(LIMIT, () -> OutboxFixture.streamCount(server, stream) >= sequence, "message " + sequence + " in " + stream);
        try (Connection nats = Nats.connect(server.url())) {
            return nats.jetStreamManagement().getMessage(stream, sequence);
        }
    }

    /** Every header as the bytes "name: value" decode to, sorted. */
    private static List<String> headerLines(MessageInfo message) {
        List<String> lines = new ArrayList<>();
        message.getHeaders().entrySet().forEach(e -> e.getValue().forEach(value -> lines.add(
                new String((e.getKey() + ": " + value).getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))));
        return sorted(lines);
    }

    /** The cap-senttime on the wire, after checking it is CAP's text for a moment between {@code from} and {@code to}. */
    private static String sentTimeOf(List<String> lines, LocalDateTime from, LocalDateTime to) {
        String value = lines.stream().filter(l -> l.startsWith(CapHeaders.SENT_TIME + ": ")).findFirst()
                .map(l -> l.substring(CapHeaders.SENT_TIME.length() + 2))
                .orElseThrow(() -> new AssertionError("no cap-senttime: " + lines));
        assertTrue(value.matches("\\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}:\\d{2}"), "MM/dd/yyyy HH:mm:ss as CAP writes it: " + value);
        LocalDateTime at = LocalDateTime.ofInstant(CapTimes.parseSentTime(value, ZoneId.systemDefault()), ZoneId.systemDefault());
        assertFalse(at.isBefore(from) || at.isAfter(to), value + " lies between " + from + " and " + to);
        return value;
    }

    private static List<String> sorted(List<String> lines) {
        return lines.stream().sorted().toList();
    }
}
