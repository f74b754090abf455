package io.natscap.cap.inbox;

import io.natscap.cap.config.CapOptions;
import io.natscap.cap.diagnostics.Observers;
import io.natscap.cap.diagnostics.Tracing;
import io.natscap.cap.messages.MessageFactory;
import io.natscap.cap.outbox.Outbox;
import io.natscap.cap.storage.ReceivedStore;
import io.natscap.nats.NatsMessage;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The inbox outside a container, for tests of other packages: a subscriber that counts its runs. */
public final class InboxForTests {

    private final Inbox inbox;

    public InboxForTests(ReceivedStore received, CapOptions options, MessageFactory messages, Outbox outbox) {
        this(received, options, messages, outbox, Observers.NONE);
    }

    public InboxForTests(ReceivedStore received, CapOptions options, MessageFactory messages, Outbox outbox,
                         Observers observers) {
        this(received, options, messages, outbox, observers, Tracing.of(null));
    }

    public InboxForTests(ReceivedStore received, CapOptions options, MessageFactory messages, Outbox outbox,
                         Observers observers, Tracing tracing) {
        this.inbox = new Inbox(received, options, messages, outbox, new InboxRecorder(received, options, messages), observers,
                tracing);
    }

    /** Delivers a message to a subscriber that throws {@code failure} (when not null) or counts its runs. */
    public void receive(NatsMessage message, AtomicInteger runs, RuntimeException failure) {
        inbox.receive(message, Map.class, (value, context) -> {
            runs.incrementAndGet();
            if (failure != null) {
                throw failure;
            }
            return null;
        });
    }

    /** Delivers a message to a subscriber whose business method counts its runs. */
    public void receive(NatsMessage message, AtomicInteger runs) {
        inbox.receive(message, Map.class, (value, context) -> {
            runs.incrementAndGet();
            return null;
        });
    }
}
