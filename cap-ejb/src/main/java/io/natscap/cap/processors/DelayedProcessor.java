package io.natscap.cap.processors;

import io.natscap.cap.config.CapOptions;
import io.natscap.cap.outbox.OutboxDispatcher;
import io.natscap.cap.storage.PublishedStore;
import io.natscap.cap.storage.StoredMessage;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** Sends delayed messages whose time has come (Delayed → Queued → sent), as CAP does every second. */
public final class DelayedProcessor implements ProcessorLoop.Processor {

    private final PublishedStore store;
    private final OutboxDispatcher dispatcher;
    private final CapOptions options;

    public DelayedProcessor(PublishedStore store, OutboxDispatcher dispatcher, CapOptions options) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.options = options;
    }

    @Override
    public void process() throws SQLException {
        List<StoredMessage> due;
        do {
            Instant now = Instant.now();
            due = store.claimDue(now, now.plus(options.claimLease()), options.schedulerBatchSize());
            dispatcher.sendStored(due);
        } while (due.size() == options.schedulerBatchSize());
    }
}
