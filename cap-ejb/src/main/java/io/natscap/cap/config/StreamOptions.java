package io.natscap.cap.config;

import io.natscap.nats.StreamDefinition;
import org.eclipse.microprofile.config.Config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How the outbox's streams are made, under {@code cap.stream.*} (CAP's NATS transport takes a
 * StreamOptions callback; these are its settings as options). The outbox sends each event to the
 * stream named after the first token of its subject ({@code orders} for {@code orders.created}).
 *
 * @param create          true: the outbox creates a missing stream, and adds its subjects to an
 *                        existing one; false: it only checks that the stream exists and captures
 *                        the subject (for accounts that may not manage streams), and a send to a
 *                        stream that is missing fails with a message that says so, and is retried
 * @param replicas        copies on the cluster's servers, 1 to 5 (3 survives losing one)
 * @param storage         file (survives a server restart) or memory
 * @param maxAge          how long the stream keeps a message; zero: for ever
 * @param maxBytes        bytes the stream keeps; -1: no limit
 * @param maxMessages     messages the stream keeps; -1: no limit
 * @param discard         at a limit, old (drop the oldest) or new (refuse the message: the outbox
 *                        retries it)
 * @param duplicateWindow how long the stream drops a resent message id; empty: the outbox's whole
 *                        retry horizon (what {@link CapOptions#duplicateWindow()} works out)
 */
public record StreamOptions(boolean create, int replicas, StreamDefinition.Storage storage, Duration maxAge, long maxBytes,
                            long maxMessages, StreamDefinition.Discard discard, Optional<Duration> duplicateWindow) {

    public static final String PREFIX = CapOptions.PREFIX + "stream.";

    /** A file stream on one server, keeping everything: JetStream's defaults, as wave 1 made them. */
    public static StreamOptions defaults() {
        return new StreamOptions(true, 1, StreamDefinition.Storage.FILE, Duration.ZERO, -1, -1, StreamDefinition.Discard.OLD,
                Optional.empty());
    }

    /** The options in {@code config}; the message of a bad one names its key. */
    public static StreamOptions from(Config config) {
        StreamOptions d = defaults();
        return new StreamOptions(
                config.getOptionalValue(PREFIX + "create", Boolean.class).orElse(d.create),
                config.getOptionalValue(PREFIX + "replicas", Integer.class).orElse(d.replicas),
                choice(config, "storage", StreamDefinition.Storage.class, d.storage),
                config.getOptionalValue(PREFIX + "maxAge", Long.class).map(Duration::ofSeconds).orElse(d.maxAge),
                config.getOptionalValue(PREFIX + "maxBytes", Long.class).orElse(d.maxBytes),
                config.getOptionalValue(PREFIX + "maxMessages", Long.class).orElse(d.maxMessages),
                choice(config, "discard", StreamDefinition.Discard.class, d.discard),
                config.getOptionalValue(PREFIX + "duplicateWindow", Long.class).map(Duration::ofSeconds)).validate();
    }

    private static <E extends Enum<E>> E choice(Config config, String key, Class<E> type, E fallback) {
        Optional<String> value = config.getOptionalValue(PREFIX + key, String.class);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, value.get().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PREFIX + key + " must be one of " + List.of(type.getEnumConstants()).stream()
                    .map(c -> c.name().toLowerCase(Locale.ROOT)).toList() + ", was '" + value.get() + "'", e);
        }
    }

    /** Checks every option; the message names the key. */
    public StreamOptions validate() {
        if (replicas < 1 || replicas > StreamDefinition.MAX_REPLICAS) {
            throw new IllegalArgumentException(PREFIX + "replicas must be 1 to " + StreamDefinition.MAX_REPLICAS + ", was " + replicas);
        }
        try {
            limits();
        } catch (IllegalArgumentException e) {
            // the message starts with the limit's name, which is the option's
            throw new IllegalArgumentException(PREFIX + e.getMessage(), e);
        }
        duplicateWindow.ifPresent(window -> {
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException(PREFIX + "duplicateWindow must be a positive number of seconds, was "
                        + window.toSeconds());
            }
        });
        return this;
    }

    /** The stream the outbox wants for {@code subjects}, with these options and this duplicate window. */
    public StreamDefinition definition(String name, List<String> subjects, Duration window) {
        return new StreamDefinition(name, subjects, storage, window, replicas, limits());
    }

    private StreamDefinition.Limits limits() {
        return new StreamDefinition.Limits(maxAge, maxBytes, maxMessages, discard);
    }
}
