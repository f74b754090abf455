package io.natscap.cap.processors;

import io.natscap.cap.config.CapOptions;
import io.natscap.cap.outbox.OutboxDispatcher;
import io.natscap.cap.storage.PublishedStore;
import io.natscap.cap.storage.StoredMessage;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Resends what was stored but not sent: Scheduled rows whose sender never reported (the app
 * server died after the commit) once their lease ({@code cap.fallbackWindowLookbackSeconds}) has
 * run out, and Failed rows with retries left. Rows are claimed atomically, so instances on one
 * database never send the same row at the same time; a resend carries the same message id.
 */
public final class RetryProcessor implements ProcessorLoop.Processor {

    private final PublishedStore store;
    private final OutboxDispatcher dispatcher;
    private final CapOptions options;

    public RetryProcessor(PublishedStore store, OutboxDispatcher dispatcher, CapOptions options) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.options = options;
    }

    /** One pass: batches of {@link CapOptions#RETRY_BATCH_SIZE} until nothing is left to claim. */
    @Override
    public void process() throws SQLException {
        List<StoredMessage> claimed;
        do {
            Instant now = Instant.now();
            claimed = store.claimForRetry(options.failedRetryCount(), now,
                    now.plus(options.claimLease()), CapOptions.RETRY_BATCH_SIZE);
            dispatcher.sendStored(claimed);
        } while (claimed.size() == CapOptions.RETRY_BATCH_SIZE);
    }
}
