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

/**
 * Resends what was stored but not sent: Scheduled rows whose sender never reported (the app
 * server died after the commit) once their lease ({@code cap.fallbackWindowLookbackSeconds}) has
 * run out, and Failed rows with retries left. Rows are claimed atomically, so instances on one
 * database never send the same row at the same time; a resend carries the same message id.
 */
public final class RetryProcessor implements Runnable {

    private static final Logger LOG = Logger.getLogger(RetryProcessor.class.getName());

    private final MessageStore store;
    private final OutboxDispatcher dispatcher;
    private final CapOptions options;

    public RetryProcessor(MessageStore store, OutboxDispatcher dispatcher, CapOptions options) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.options = options;
    }

    /** One pass: batches of {@link CapOptions#RETRY_BATCH_SIZE} until nothing is left to claim. */
    @Override
    public void run() {
        try {
            List<StoredMessage> claimed;
            do {
                Instant now = Instant.now();
                claimed = store.claimForRetry(options.failedRetryCount(), now,
                        now.plus(options.claimLease()), CapOptions.RETRY_BATCH_SIZE);
                dispatcher.sendStored(claimed);
            } while (claimed.size() == CapOptions.RETRY_BATCH_SIZE);
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "The outbox retry processor failed; it runs again in "
                    + options.failedRetryInterval().toSeconds() + " s", e);
        }
    }
}
