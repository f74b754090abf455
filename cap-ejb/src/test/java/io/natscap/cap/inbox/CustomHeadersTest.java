package io.natscap.cap.inbox;

import io.natscap.nats.CapNames;
import io.natscap.cap.CapContext;
import io.natscap.cap.CapHeaders;
import io.natscap.cap.MessageQuery;
import io.natscap.cap.MessageStatus;
import io.natscap.cap.MonitoredMessage;
import io.natscap.cap.TestDatabases;
import io.natscap.cap.TestDelivery;
import io.natscap.cap.config.CapOptions;
import io.natscap.cap.diagnostics.Observers;
import io.natscap.cap.diagnostics.Tracing;
import io.natscap.cap.messages.MessageFactory;
import io.natscap.cap.messages.SnowflakeId;
import io.natscap.cap.storage.Database;
import io.natscap.cap.storage.ReceivedStore;
import io.natscap.nats.NatsMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CAP's CustomHeadersBuilder, per subscriber ({@code CapSubscriber.customHeaders}): a foreign
 * producer's plain JSON, without CAP's headers, gets its name and id from the producer's own
 * headers, and the inbox runs it once however often it comes. Without them it is kept Failed, and a
 * builder that throws does not lose the message either. The inbox runs on H2, outside a container.
 */
class CustomHeadersTest {

    /** A JetStream delivery from a producer that knows nothing of CAP: its own event type and id headers, plain JSON. */
    private static TestDelivery foreign(String eventType, String eventId) {
        return TestDelivery.of("legacy.orders", Map.of("x-event-type", eventType, "x-event-id", eventId),
                "{\"orderId\":\"legacy-1\"}", 5);
    }

    private DataSource dataSource;
    private String prefix;
    private ReceivedStore received;
    private Inbox inbox;
    private final List<CapContext> runs = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        dataSource = TestDatabases.H2.dataSource();
        prefix = TestDatabases.freshPrefix();
        CapOptions options = CapOptions.defaults("natscap");
        received = new ReceivedStore(Database.open(dataSource, prefix, "test"), CapNames.DEFAULT_VERSION);
        MessageFactory messages = new MessageFactory(options, new SnowflakeId(7));
        inbox = new Inbox(received, options, messages, null, new InboxRecorder(received, options, messages), Observers.NONE,
                Tracing.of(null));
    }

    @AfterEach
    void drop() throws Exception {
        TestDatabases.drop(dataSource, prefix);
    }

    /** A subscriber that records its runs, with these custom headers. */
    private Inbox.Handler subscriber(Function<NatsMessage, Map<String, String>> customHeaders) {
        return new Inbox.Handler() {
            @Override
            public Object handle(Object value, CapContext context) {
                runs.add(context);
                return null;
            }

            @Override
            public Map<String, String> customHeaders(NatsMessage message) {
                return customHeaders.apply(message);
            }
        };
    }

    /** A subscriber whose customHeaders builds CAP's headers from the producer's. */
    private Inbox.Handler translating() {
        return subscriber(message -> Map.of(CapHeaders.MESSAGE_NAME, "orders." + message.header("x-event-type"),
                CapHeaders.MESSAGE_ID, message.header("x-event-id")));
    }

    @Test
    void aForeignMessageGetsItsNameAndIdFromTheBuilderAndRunsOnce() throws Exception {
        inbox.receive(foreign("created", "9001"), Map.class, translating());
        inbox.receive(foreign("created", "9001"), Map.class, translating()); // redelivered

        assertEquals(1, runs.size(), "the inbox ran it once");
        CapContext context = runs.get(0);
        assertEquals(List.of(9001L, "orders.created", "billing.v1"), List.of(context.messageId(), context.name(), context.group()));
        assertEquals("created", context.headers().get("x-event-type"), "the producer's own headers stay");
        MonitoredMessage row = received.list(MessageQuery.all()).messages().get(0);
        assertEquals(List.of("orders.created", MessageStatus.Succeeded), List.of(row.name(), row.status()));
    }

    @Test
    void withoutTheBuilderAForeignMessageIsKeptFailedAndTheSubscriberDoesNotRun() throws Exception {
        inbox.receive(foreign("created", "9001"), Map.class, (value, context) -> runs.add(context));

        assertEquals(0, runs.size());
        MonitoredMessage row = received.list(MessageQuery.all()).messages().get(0);
        assertEquals(MessageStatus.Failed, row.status());
    }

    @Test
    void aBuilderThatThrowsLeavesTheMessageFailedInTheInboxWithTheReason() throws Exception {
        Inbox.Handler broken = subscriber(message -> {
            throw new IllegalArgumentException("unknown event type " + message.header("x-event-type"));
        });
        inbox.receive(foreign("exploded", "9002"), Map.class, broken);

        assertEquals(0, runs.size());
        MonitoredMessage row = received.list(MessageQuery.all()).messages().get(0);
        assertEquals(MessageStatus.Failed, row.status());
        String detail = received.get(row.id()).orElseThrow().exception();
        assertTrue(detail.contains("customHeaders failed: java.lang.IllegalArgumentException: unknown event type exploded"), detail);
    }
}
