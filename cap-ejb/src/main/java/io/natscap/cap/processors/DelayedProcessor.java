package io.natscap.cap.processors;

import io.natscap.cap.config.CapOptions;
import io.natscap.cap.outbox.OutboxDispatcher;
import io.natscap.cap.storage.MessageStore;
import io.natscap.cap.storage.StoredMessage;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Sends delayed messages whose time has come (Delayed → Queued → sent), as CAP does every second. */
public final class DelayedProcessor implements Runnable {

    private static final Logger LOG = Logger.getLogger(DelayedProcessor.class.getName());

    private final MessageStore store;
    private final OutboxDispatcher dispatcher;
    private final CapOptions options;

    public DelayedProcessor(MessageStore store, OutboxDispatcher dispatcher, CapOptions options) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.options = options;
    }

    @Override
    public void run() {
        try {
            List<StoredMessage> due;
            do {
                Instant now = Instant.now();
                due = store.claimDue(now, now.plus(options.claimLease()), options.schedulerBatchSize());
                dispatcher.sendStored(due);
            } while (due.size() == options.schedulerBatchSize());
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "The delayed-message processor failed; it runs again in a second", e);
        }
    }
}
