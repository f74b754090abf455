package io.natscap.cap.config;

import io.natscap.nats.CapNames;
import org.eclipse.microprofile.config.Config;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * CAP's options, with CAP's defaults, read from MicroProfile Config under {@code cap.*}: the one
 * place that knows their names and defaults (README has the table).
 *
 * @param names                   CAP's group prefix, version and topic prefix ({@code cap.groupNamePrefix},
 *                                {@code cap.version}, {@code cap.topicNamePrefix}), as nats-ra reads them for beans
 * @param defaultGroupName        the group of a subscriber whose bean names none (CAP: {@code cap.queue.<application>})
 * @param failedRetryCount        sends of a message before it is given up (Failed for good)
 * @param failedRetryInterval     how often the retry processor looks for messages to resend
 * @param fallbackWindowLookback  how long a freshly stored message is left to the instance that
 *                                stored it before another instance's retry processor may take it
 * @param succeedMessageExpiredAfter how long a sent message stays in the table
 * @param failedMessageExpiredAfter  how long a message given up stays in the table
 * @param inboxRetention          how long a received message that its subscriber processed stays
 *                                in the inbox: a redelivery or replay of its id within that time
 *                                is skipped, a later one runs the subscriber again
 * @param collectorCleaningInterval  how often expired rows are deleted
 * @param schedulerBatchSize      rows per batch of the delayed-message and expiry loops
 * @param dataSource              JNDI name of the outbox's DataSource
 * @param connectionFactory       JNDI name of nats-ra's connection factory
 * @param tablePrefix             tables are {@code <prefix>_published}, {@code <prefix>_received}, {@code <prefix>_lock}
 * @param workerId                snowflake worker id (0-1023), unique per instance; empty: leased
 *                                through the lock table
 * @param streams                 how the outbox's streams are made ({@code cap.stream.*})
 */
public record CapOptions(
        CapNames names,
        String defaultGroupName,
        int failedRetryCount,
        Duration failedRetryInterval,
        Duration fallbackWindowLookback,
        Duration succeedMessageExpiredAfter,
        Duration failedMessageExpiredAfter,
        Duration inboxRetention,
        Duration collectorCleaningInterval,
        int schedulerBatchSize,
        String dataSource,
        String connectionFactory,
        String tablePrefix,
        Optional<Integer> workerId,
        StreamOptions streams) {

    public static final String PREFIX = "cap.";

    /** The key of CAP's DefaultGroupName; the others are {@link CapNames}'. */
    public static final String DEFAULT_GROUP_NAME = PREFIX + "defaultGroupName";

    /**
     * Rows the retry processor takes at a time. CAP takes 200; with 1000 the fixed costs of a
     * batch (its claim, the wait for the last acks, the UPDATE marking it sent) are shared by
     * five times as many messages: a backlog of 100,000 after an outage went into the stream at
     * 12,100 events/s instead of 10,000 (benchmarks/RESULTS.md, case 6).
     */
    public static final int RETRY_BATCH_SIZE = 1000;
    /** The shortest lease of a batch claimed by a processor: time enough to send it. */
    public static final Duration MIN_CLAIM_LEASE = Duration.ofSeconds(60);

    /** The largest snowflake worker id (10 bits). */
    public static final int MAX_WORKER_ID = 1023;

    /** Messages a dispatcher may have in flight to JetStream at once. */
    public static final int MAX_IN_FLIGHT = 256;

    /**
     * CAP's defaults, and natscap's own for what CAP does not have: the inbox keeps a processed id
     * for 30 days (CAP drops it with the published rows after a day, after which a redelivery runs
     * the subscriber again). {@code application} names the default group, as CAP names it after
     * the entry assembly: {@code cap.queue.<application, lower case>}.
     */
    public static CapOptions defaults(String application) {
        return new CapOptions(CapNames.defaults(), "cap.queue." + application.toLowerCase(Locale.ROOT), 50,
                Duration.ofSeconds(60), Duration.ofSeconds(240), Duration.ofDays(1),
                Duration.ofDays(15), Duration.ofDays(30), Duration.ofSeconds(300), 1000, "java:comp/DefaultDataSource",
                "jca/nats", "cap", Optional.empty(), StreamOptions.defaults());
    }

    /** The options in {@code config}, CAP's defaults for those it does not set; {@code application} as in {@link #defaults}. */
    public static CapOptions from(Config config, String application) {
        CapOptions d = defaults(application);
        return new CapOptions(CapNames.from(key -> config.getOptionalValue(key, String.class)),
                config.getOptionalValue(DEFAULT_GROUP_NAME, String.class).orElse(d.defaultGroupName),
                config.getOptionalValue(PREFIX + "failedRetryCount", Integer.class).orElse(d.failedRetryCount),
                seconds(config, "failedRetryInterval", d.failedRetryInterval),
                seconds(config, "fallbackWindowLookbackSeconds", d.fallbackWindowLookback),
                seconds(config, "succeedMessageExpiredAfter", d.succeedMessageExpiredAfter),
                seconds(config, "failedMessageExpiredAfter", d.failedMessageExpiredAfter),
                seconds(config, "inboxRetention", d.inboxRetention),
                seconds(config, "collectorCleaningInterval", d.collectorCleaningInterval),
                config.getOptionalValue(PREFIX + "schedulerBatchSize", Integer.class).orElse(d.schedulerBatchSize),
                config.getOptionalValue(PREFIX + "dataSource", String.class).orElse(d.dataSource),
                config.getOptionalValue(PREFIX + "connectionFactory", String.class).orElse(d.connectionFactory),
                config.getOptionalValue(PREFIX + "tablePrefix", String.class).orElse(d.tablePrefix),
                config.getOptionalValue(PREFIX + "workerId", Integer.class),
                StreamOptions.from(config)).validate();
    }

    private static Duration seconds(Config config, String key, Duration fallback) {
        return config.getOptionalValue(PREFIX + key, Long.class).map(Duration::ofSeconds).orElse(fallback);
    }

    /** Checks every option; the message names the key. */
    public CapOptions validate() {
        positive("failedRetryCount", failedRetryCount);
        positive("failedRetryInterval", failedRetryInterval.toSeconds());
        positive("fallbackWindowLookbackSeconds", fallbackWindowLookback.toSeconds());
        positive("succeedMessageExpiredAfter", succeedMessageExpiredAfter.toSeconds());
        positive("failedMessageExpiredAfter", failedMessageExpiredAfter.toSeconds());
        positive("inboxRetention", inboxRetention.toSeconds());
        positive("collectorCleaningInterval", collectorCleaningInterval.toSeconds());
        positive("schedulerBatchSize", schedulerBatchSize);
        if (!tablePrefix.matches("[A-Za-z][A-Za-z0-9_]{0,30}")) {
            throw new IllegalArgumentException(PREFIX + "tablePrefix '" + tablePrefix + "' must be a letter then letters, digits or '_'");
        }
        if (!defaultGroupName.matches("[^\\s*>]+")) {
            throw new IllegalArgumentException(DEFAULT_GROUP_NAME + " '" + defaultGroupName + "' must contain no spaces, '*' or '>'");
        }
        workerId.ifPresent(id -> {
            if (id < 0 || id > MAX_WORKER_ID) {
                throw new IllegalArgumentException(PREFIX + "workerId must be 0 to " + MAX_WORKER_ID + ", was " + id);
            }
        });
        return this;
    }

    private static void positive(String key, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(PREFIX + key + " must be positive, was " + value);
        }
    }

    /**
     * How long a batch claimed by the retry or delayed processor stays with the claiming instance:
     * the lookback, and never less than {@link #MIN_CLAIM_LEASE}, so that a slow send is not
     * taken over (and sent twice) by another instance.
     */
    public Duration claimLease() {
        return fallbackWindowLookback.compareTo(MIN_CLAIM_LEASE) > 0 ? fallbackWindowLookback : MIN_CLAIM_LEASE;
    }

    /** The subject of an event: {@code topicNamePrefix.name}. */
    public String subjectOf(String name) {
        return names.subject(name);
    }

    /**
     * The inbox group of a subscriber whose bean names no group (activation property group): CAP's
     * default group, formed as nats-ra forms a bean's group ({@code cap.queue.orders.v1}).
     */
    public String defaultGroup() {
        return names.group(defaultGroupName);
    }

    /**
     * How long a stream must remember message ids so that every resend of a message is dropped
     * as a duplicate: {@code cap.stream.duplicateWindow}, else the whole retry horizon, plus the
     * lookback before the first retry.
     */
    public Duration duplicateWindow() {
        return streams.duplicateWindow()
                .orElse(failedRetryInterval.multipliedBy(failedRetryCount).plus(fallbackWindowLookback).plusMinutes(1));
    }

    /** A copy with another lookback (tests shorten it). */
    public CapOptions withFallbackWindowLookback(Duration lookback) {
        return new CapOptions(names, defaultGroupName, failedRetryCount, failedRetryInterval, lookback,
                succeedMessageExpiredAfter,
                failedMessageExpiredAfter, inboxRetention, collectorCleaningInterval, schedulerBatchSize, dataSource,
                connectionFactory, tablePrefix, workerId, streams);
    }

    /** A copy with other stream options. */
    public CapOptions withStreams(StreamOptions other) {
        return new CapOptions(names, defaultGroupName, failedRetryCount, failedRetryInterval, fallbackWindowLookback,
                succeedMessageExpiredAfter,
                failedMessageExpiredAfter, inboxRetention, collectorCleaningInterval, schedulerBatchSize, dataSource,
                connectionFactory, tablePrefix, workerId, other.validate());
    }

    /** A copy with another retry count and interval (tests shorten them). */
    public CapOptions withRetries(int count, Duration interval) {
        return new CapOptions(names, defaultGroupName, count, interval, fallbackWindowLookback, succeedMessageExpiredAfter,
                failedMessageExpiredAfter, inboxRetention, collectorCleaningInterval, schedulerBatchSize, dataSource,
                connectionFactory, tablePrefix, workerId, streams);
    }

    /** A copy with other CAP names (prefixes, version). */
    public CapOptions withNames(CapNames other) {
        return new CapOptions(other, defaultGroupName, failedRetryCount, failedRetryInterval, fallbackWindowLookback,
                succeedMessageExpiredAfter, failedMessageExpiredAfter, inboxRetention, collectorCleaningInterval, schedulerBatchSize,
                dataSource, connectionFactory, tablePrefix, workerId, streams);
    }
}
