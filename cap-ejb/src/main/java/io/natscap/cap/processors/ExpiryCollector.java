package io.natscap.cap.processors;

import io.natscap.cap.config.CapOptions;
import io.natscap.cap.storage.PublishedStore;
import io.natscap.cap.storage.ReceivedStore;

import java.sql.SQLException;
import java.time.Instant;

/** Deletes Succeeded and Failed rows past their ExpiresAt, published and received, in batches (CAP's collector). */
public final class ExpiryCollector implements ProcessorLoop.Processor {

    private final PublishedStore published;
    private final ReceivedStore received;
    private final CapOptions options;

    public ExpiryCollector(PublishedStore published, ReceivedStore received, CapOptions options) {
        this.published = published;
        this.received = received;
        this.options = options;
    }

    @Override
    public void process() throws SQLException {
        int deleted;
        do {
            Instant now = Instant.now();
            deleted = published.deleteExpired(now, options.schedulerBatchSize())
                    + received.deleteExpired(now, options.schedulerBatchSize());
        } while (deleted >= options.schedulerBatchSize());
    }
}
