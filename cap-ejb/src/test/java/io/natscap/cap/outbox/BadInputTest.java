package io.natscap.cap.outbox;

import io.natscap.cap.messages.SnowflakeId;

import io.natscap.cap.messages.MessageFactory;

import io.natscap.cap.CapPublishException;
import io.natscap.cap.config.CapOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What cannot be published is refused before anything is stored, with a message that says what
 * was wrong. (In the container the exception also rolls the caller's transaction back: see the
 * Arquillian outbox test.)
 */
class BadInputTest {

    private final MessageFactory messages = new MessageFactory(CapOptions.defaults(), new SnowflakeId(1));

    /** JSON-B cannot write this: its only property throws. */
    public static class Unwritable {
        public String getValue() {
            throw new IllegalStateException("no value today");
        }
    }

    @Test
    void aValueJsonBCannotWriteIsRefused() {
        assertRefused(() -> messages.create("orders.created", new Unwritable(), Map.of(), null, null),
                "The value of event 'orders.created' (" + Unwritable.class.getName() + ") cannot be written as JSON");
    }

    @Test
    void aNameThatIsNoValidSubjectIsRefused() {
        for (String name : new String[] {"orders..created", "orders.*", "orders.>", "with space", ".orders", ""}) {
            assertRefused(() -> messages.create(name, 1, Map.of(), null, null), name.isEmpty()
                    ? "An event needs a name" : "'" + name + "' is not a valid NATS subject");
        }
        assertRefused(() -> messages.create("orders.created", 1, Map.of(), "bad callback", null),
                "'bad callback' is not a valid NATS subject");
    }

    @Test
    void aReservedHeaderIsRefused() {
        assertRefused(() -> messages.create("orders.created", 1, Map.of("cap-msg-id", "42"), null, null),
                "Header 'cap-msg-id' of event 'orders.created' is reserved");
        assertRefused(() -> messages.create("orders.created", 1, Map.of("CAP-Corr-Id", "1"), null, null), "is reserved");
    }

    @Test
    void aPayloadOverTheServersLimitIsRefused() {
        messages.maxPayload(1024);
        assertRefused(() -> messages.create("orders.created", "x".repeat(2000), Map.of(), null, null),
                "the NATS server accepts at most 1024 bytes");
    }

    @Test
    void aNegativeDelayIsRefused() {
        assertRefused(() -> messages.create("orders.created", 1, Map.of(), null, Duration.ofSeconds(-1)), "is negative");
    }

    private static void assertRefused(org.junit.jupiter.api.function.Executable publish, String expected) {
        CapPublishException error = assertThrows(CapPublishException.class, publish);
        assertTrue(error.getMessage().contains(expected), error.getMessage());
    }
}
