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

    private final MessageFactory messages = new MessageFactory(CapOptions.defaults("natscap"), new SnowflakeId(1));

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
    void aReservedHeaderIsRefusedAndACallersIdOrCorrelationThatIsNoneToo() {
        assertRefused(() -> messages.create("orders.created", 1, Map.of("cap-msg-name", "other"), null, null),
                "Header 'cap-msg-name' of event 'orders.created' is reserved: cap-* headers are set by natscap, "
                        + "except cap-msg-id, cap-corr-id and cap-corr-seq");
        assertRefused(() -> messages.create("orders.created", 1, Map.of("CAP-SentTime", "1"), null, null), "is reserved");
        assertRefused(() -> messages.create("orders.created", 1, Map.of("natscap-reexecute-group", "x"), null, null), "is reserved");
        for (String id : new String[] {"abc", "0", "-5", "1.5"}) {
            assertRefused(() -> messages.create("orders.created", 1, Map.of("cap-msg-id", id), null, null),
                    "cap-msg-id '" + id + "' of event 'orders.created' must be a positive number");
        }
        assertRefused(() -> messages.create("orders.created", 1, Map.of("cap-corr-id", " "), null, null),
                "cap-corr-id of event 'orders.created' is empty");
        assertRefused(() -> messages.create("orders.created", 1, Map.of("cap-corr-id", "flow-1", "cap-corr-seq", "next"), null,
                null), "cap-corr-seq 'next' of event 'orders.created' must be a number from 0");
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
