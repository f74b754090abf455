package io.natscap.cap.inbox;

import io.natscap.nats.CapNames;
import io.natscap.cap.diagnostics.Observers;
import io.natscap.cap.diagnostics.Tracing;
import io.natscap.cap.CapHeaders;
import io.natscap.cap.MessageQuery;
import io.natscap.cap.MonitoredMessage;
import io.natscap.cap.TestDatabases;
import io.natscap.cap.TestDelivery;
import io.natscap.cap.config.CapOptions;
import io.natscap.cap.messages.MessageFactory;
import io.natscap.cap.messages.SnowflakeId;
import io.natscap.cap.storage.Database;
import io.natscap.cap.storage.ReceivedStore;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The inbox's promise, "once per message id and group", holds for as long as the inbox keeps the
 * id: cap.inboxRetention, not the published rows' cap.succeedMessageExpiredAfter. The inbox runs
 * here outside a container, on a real database (each write commits on its own).
 */
class InboxRetentionTest {

    /** A JetStream delivery of CAP message {@code messageId} to group billing.v1. */
    private static TestDelivery delivery(long messageId) {
        return TestDelivery.of("orders.created", Map.of(CapHeaders.MESSAGE_ID, Long.toString(messageId),
                CapHeaders.MESSAGE_NAME, "orders.created"), "{\"orderId\":\"o-1\"}", 1);
    }

    @Test
    void aProcessedIdIsRememberedForTheInboxRetentionNotForTheSentMessagesExpiry() throws Exception {
        DataSource dataSource = TestDatabases.H2.dataSource();
        String prefix = TestDatabases.freshPrefix();
        try {
            CapOptions options = CapOptions.defaults("natscap"); // sent messages kept 1 day, the inbox 30 days
            ReceivedStore received = new ReceivedStore(Database.open(dataSource, prefix, "test"), CapNames.DEFAULT_VERSION);
            MessageFactory messages = new MessageFactory(options, new SnowflakeId(7));
            Inbox inbox = new Inbox(received, options, messages, null, new InboxRecorder(received, options, messages),
                    Observers.NONE, Tracing.of(null));
            AtomicInteger runs = new AtomicInteger();
            Inbox.Handler billing = (value, context) -> {
                runs.incrementAndGet();
                return null;
            };

            inbox.receive(delivery(42), Map.class, billing);
            MonitoredMessage row = received.list(MessageQuery.all()).messages().get(0);
            Instant now = Instant.now();
            assertTrue(row.expiresAt().isAfter(now.plus(options.inboxRetention()).minus(Duration.ofMinutes(5))),
                    "kept for the inbox retention (30 days), not the 1 day of sent messages: expires " + row.expiresAt());

            // two days later the collector has run, and the message is redelivered (or replayed)
            received.deleteExpired(now.plus(Duration.ofDays(2)), 1000);
            inbox.receive(delivery(42), Map.class, billing);
            assertEquals(1, runs.get(), "the subscriber ran once");
        } finally {
            TestDatabases.drop(dataSource, prefix);
        }
    }
}
