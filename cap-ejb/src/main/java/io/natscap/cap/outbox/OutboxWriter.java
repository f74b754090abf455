package io.natscap.cap.outbox;

import io.natscap.cap.MessageStatus;
import io.natscap.cap.config.CapOptions;
import io.natscap.cap.messages.CapMessage;
import io.natscap.cap.storage.PublishedStore;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/** Writes a message's row in the publisher's transaction. */
public final class OutboxWriter {

    private final PublishedStore store;
    private final CapOptions options;

    public OutboxWriter(PublishedStore store, CapOptions options) {
        this.store = store;
        this.options = options;
    }

    /**
     * Stores the message; true when it is to be sent as soon as the transaction commits. Such a
     * row is leased to this instance for {@code cap.fallbackWindowLookbackSeconds}, so no retry
     * processor takes it while the dispatcher may still send it. A delayed message is stored as
     * Delayed with its due time in ExpiresAt, as CAP does, and waits for the delayed processor.
     */
    public boolean write(CapMessage message, Duration delay) throws SQLException {
        Instant now = Instant.now();
        if (delay == null) {
            store.insert(message.id(), message.name(), message.content(), now, null, MessageStatus.Scheduled,
                    now.plus(options.fallbackWindowLookback()));
            return true;
        }
        store.insert(message.id(), message.name(), message.content(), now, now.plus(delay), MessageStatus.Delayed, null);
        return false;
    }
}
