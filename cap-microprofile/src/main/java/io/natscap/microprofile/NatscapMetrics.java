package io.natscap.microprofile;

import io.natscap.cap.CapMonitor;
import io.natscap.cap.CapObserver;
import io.natscap.cap.MessageStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * natscap's metrics in the application's registry.
 *
 * <p>Gauges, read from the tables through {@link CapMonitor} (one read per scrape at most per
 * {@link #SNAPSHOT_AGE}): messages by status in the outbox and the inbox, the backlog and the age
 * of its oldest message. Counters and timers, as natscap tells this {@link CapObserver} what
 * happens: published, sent, failed, given up; received, succeeded, failed, given up and
 * re-executed per group; publish-to-ack and sent-to-subscriber latencies; the pool's borrow time.
 *
 * <p>Tags name the event ({@code name}) and the subscriber group ({@code group}); to keep the
 * registry bounded, names and groups beyond the first {@link #MAX_TAG_VALUES} are tagged
 * {@value #OTHER}.
 */
@ApplicationScoped
public class NatscapMetrics implements CapObserver {

    /** How old a snapshot may be before a gauge reads the tables again. */
    static final Duration SNAPSHOT_AGE = Duration.ofSeconds(1);
    /** Distinct event names, and distinct groups, that get a tag value of their own. */
    static final int MAX_TAG_VALUES = 100;
    static final String OTHER = "other";

    private static final Metadata PUBLISHED = counter("natscap.outbox.published",
            "Messages published by committed transactions (not delayed ones)");
    private static final Metadata SENT = counter("natscap.outbox.sent", "Messages the stream acknowledged");
    private static final Metadata SEND_FAILED = counter("natscap.outbox.failed", "Failed sends that will be retried");
    private static final Metadata SEND_GIVEN_UP = counter("natscap.outbox.given.up", "Messages given up after their last send");
    private static final Metadata RECEIVED = counter("natscap.inbox.received", "Messages that reached a group's inbox");
    private static final Metadata SUCCEEDED = counter("natscap.inbox.succeeded", "Messages a group's subscriber processed");
    private static final Metadata SUBSCRIBER_FAILED = counter("natscap.inbox.failed",
            "Subscriber runs that threw and will be retried");
    private static final Metadata SUBSCRIBER_GIVEN_UP = counter("natscap.inbox.given.up",
            "Messages a group gave up after its last attempt");
    private static final Metadata RE_EXECUTED = counter("natscap.inbox.re.executed", "Messages an operator re-executed");
    private static final Metadata PUBLISH_TO_ACK = timer("natscap.outbox.publish.to.ack",
            "From the call to publish to the stream's acknowledgement");
    private static final Metadata SENT_TO_SUBSCRIBER = timer("natscap.inbox.sent.to.subscriber",
            "From cap-senttime (whole seconds, as CAP writes it) to the end of the subscriber's run");
    private static final Metadata BORROW = timer("natscap.pool.borrow", "Borrowing a NATS connection from the pool");

    @Inject
    CapMonitor monitor;

    @Inject
    MetricRegistry registry;

    private volatile Snapshot snapshot;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Set<String> names = ConcurrentHashMap.newKeySet();
    private final Set<String> groups = ConcurrentHashMap.newKeySet();

    /** The tables as the gauges show them. */
    record Snapshot(Instant taken, Map<MessageStatus, Long> published, Map<MessageStatus, Long> received,
                    CapMonitor.Backlog backlog) {
    }

    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        for (MessageStatus status : MessageStatus.values()) {
            Tag tag = new Tag("status", status.name());
            gauge("natscap.outbox.messages", "Published messages (outbox rows) in this status", MetricUnits.NONE,
                    s -> s.published().getOrDefault(status, 0L), tag);
            gauge("natscap.inbox.messages", "Received messages (inbox rows, all groups) in this status", MetricUnits.NONE,
                    s -> s.received().getOrDefault(status, 0L), tag);
        }
        gauge("natscap.outbox.backlog.messages", "Published messages still to be sent (Scheduled, Queued, Failed with "
                + "retries left)", MetricUnits.NONE, s -> s.backlog().messages());
        gauge("natscap.outbox.backlog.oldest.age", "How long the oldest message still to be sent has waited",
                MetricUnits.SECONDS, s -> s.backlog().oldestAge().toSeconds());
    }

    @Override
    public void published(String name) {
        count(PUBLISHED, name, null);
    }

    @Override
    public void sent(String name, Duration sincePublished) {
        count(SENT, name, null);
        time(PUBLISH_TO_ACK, sincePublished, name, null);
    }

    @Override
    public void sendFailed(String name, boolean givenUp) {
        count(givenUp ? SEND_GIVEN_UP : SEND_FAILED, name, null);
    }

    @Override
    public void connectionBorrowed(Duration took) {
        time(BORROW, took, null, null);
    }

    @Override
    public void received(String name, String group) {
        count(RECEIVED, name, group);
    }

    @Override
    public void succeeded(String name, String group, Duration sinceSent) {
        count(SUCCEEDED, name, group);
        if (sinceSent != null) {
            time(SENT_TO_SUBSCRIBER, sinceSent, name, group);
        }
    }

    @Override
    public void subscriberFailed(String name, String group, boolean givenUp) {
        count(givenUp ? SUBSCRIBER_GIVEN_UP : SUBSCRIBER_FAILED, name, group);
    }

    @Override
    public void reExecuted(String name, String group) {
        count(RE_EXECUTED, name, group);
    }

    private void count(Metadata metric, String name, String group) {
        Tag[] tags = tags(name, group);
        counters.computeIfAbsent(key(metric, tags), k -> registry.counter(metric, tags)).inc();
    }

    private void time(Metadata metric, Duration duration, String name, String group) {
        Tag[] tags = tags(name, group);
        timers.computeIfAbsent(key(metric, tags), k -> registry.timer(metric, tags)).update(duration);
    }

    private Tag[] tags(String name, String group) {
        if (name == null) {
            return new Tag[0];
        }
        Tag nameTag = new Tag("name", bounded(names, name));
        return group == null ? new Tag[] {nameTag} : new Tag[] {nameTag, new Tag("group", bounded(groups, group))};
    }

    /** The value itself while fewer than MAX_TAG_VALUES are known (or it is one of them), else OTHER. */
    private static String bounded(Set<String> known, String value) {
        if (known.contains(value)) {
            return value;
        }
        if (known.size() < MAX_TAG_VALUES) {
            known.add(value);
            return value;
        }
        return OTHER;
    }

    private static String key(Metadata metric, Tag[] tags) {
        StringBuilder key = new StringBuilder(metric.getName());
        for (Tag tag : tags) {
            key.append('|').append(tag.getTagValue());
        }
        return key.toString();
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

    private static Metadata counter(String name, String description) {
        return Metadata.builder().withName(name).withDescription(description).withUnit(MetricUnits.NONE).build();
    }

    private static Metadata timer(String name, String description) {
        return Metadata.builder().withName(name).withDescription(description).withUnit(MetricUnits.SECONDS).build();
    }
}
