package io.natscap.microprofile;

import io.natscap.cap.CapMonitor;
import io.natscap.cap.MessageStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * natscap's gauges in the application's metric registry, read from natscap's tables through
 * {@link CapMonitor}: published and received messages by status ({@code natscap_published},
 * {@code natscap_received}, tag {@code status}), the backlog and the age of its oldest message.
 * One scrape reads the tables once: the gauges share a snapshot that is at most a second old.
 */
@ApplicationScoped
public class NatscapMetrics {

    /** How old a snapshot may be before a gauge reads the tables again. */
    static final Duration SNAPSHOT_AGE = Duration.ofSeconds(1);

    @Inject
    CapMonitor monitor;

    @Inject
    MetricRegistry registry;

    private volatile Snapshot snapshot;

    /** The tables as the gauges show them. */
    record Snapshot(Instant taken, Map<MessageStatus, Long> published, Map<MessageStatus, Long> received,
                    CapMonitor.Backlog backlog) {
    }

    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        for (MessageStatus status : MessageStatus.values()) {
            Tag tag = new Tag("status", status.name());
            gauge("natscap.published", "Published messages (outbox rows) in this status", MetricUnits.NONE,
                    s -> s.published().getOrDefault(status, 0L), tag);
            gauge("natscap.received", "Received messages (inbox rows, all groups) in this status", MetricUnits.NONE,
                    s -> s.received().getOrDefault(status, 0L), tag);
        }
        gauge("natscap.backlog.messages", "Published messages still to be sent (Scheduled, Queued, Failed with retries left)",
                MetricUnits.NONE, s -> s.backlog().messages());
        gauge("natscap.backlog.oldest.age", "How long the oldest message still to be sent has waited",
                MetricUnits.SECONDS, s -> s.backlog().oldestAge().toSeconds());
    }

    private void gauge(String name, String description, String unit, ToLongFunction<Snapshot> value, Tag... tags) {
        Metadata metadata = Metadata.builder().withName(name).withDescription(description).withUnit(unit).build();
        registry.gauge(metadata, this, metrics -> value.applyAsLong(metrics.current()), tags);
    }

    private Snapshot current() {
        Snapshot last = snapshot;
        Instant now = Instant.now();
        if (last == null || last.taken().plus(SNAPSHOT_AGE).isBefore(now)) {
            last = new Snapshot(now, monitor.publishedCounts(), monitor.receivedCounts(), monitor.backlog());
            snapshot = last;
        }
        return last;
    }
}
