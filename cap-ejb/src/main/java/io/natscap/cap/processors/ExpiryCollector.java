package io.natscap.cap.processors;

import io.natscap.cap.config.CapOptions;
import io.natscap.cap.storage.MessageStore;

import java.sql.SQLException;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Deletes Succeeded and Failed rows past their ExpiresAt, in batches (CAP's collector). */
public final class ExpiryCollector implements Runnable {

    private static final Logger LOG = Logger.getLogger(ExpiryCollector.class.getName());

    private final MessageStore store;
    private final CapOptions options;

    public ExpiryCollector(MessageStore store, CapOptions options) {
        this.store = store;
        this.options = options;
    }

    @Override
    public void run() {
        try {
            int deleted;
            do {
                deleted = store.deleteExpired(Instant.now(), options.schedulerBatchSize());
            } while (deleted >= options.schedulerBatchSize());
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "The outbox expiry collector failed; it runs again in "
                    + options.collectorCleaningInterval().toSeconds() + " s", e);
        }
    }
}
