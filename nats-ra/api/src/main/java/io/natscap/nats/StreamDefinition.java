package io.natscap.nats;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The parts of a JetStream stream that natscap manages.
 *
 * @param name            stream name
 * @param subjects        subjects the stream captures (wildcards allowed)
 * @param storage         where the server keeps messages; {@link Storage#FILE} survives a restart
 * @param duplicateWindow how long the stream remembers message ids to drop duplicates; it must
 *                        cover the longest time a sender may resend the same message
 * @param replicas        copies of each message on the cluster's servers (1 to 5; 3 survives the
 *                        loss of one server); set when the stream is created
 * @param limits          what the stream keeps at most, and what it does when full; set when
 *                        the stream is created
 */
public record StreamDefinition(String name, List<String> subjects, Storage storage, Duration duplicateWindow, int replicas,
                               Limits limits) {

    public enum Storage { FILE, MEMORY }

    /** When a stream at one of its limits gets a new message. */
    public enum Discard {
        /** the oldest messages go (JetStream's default) */
        OLD,
        /** the new message is refused: the sender gets an error and, in the outbox, retries */
        NEW
    }

    /**
     * What a stream keeps at most.
     *
     * @param maxAge      how long a message is kept; {@link Duration#ZERO}: no limit
     * @param maxBytes    bytes kept; -1: no limit
     * @param maxMessages messages kept; -1: no limit
     * @param discard     what goes when a limit is reached
     */
    public record Limits(Duration maxAge, long maxBytes, long maxMessages, Discard discard) {

        /** No limit: the stream keeps everything (JetStream's defaults). */
        public static final Limits NONE = new Limits(Duration.ZERO, -1, -1, Discard.OLD);

        public Limits {
            Objects.requireNonNull(maxAge, "maxAge");
            Objects.requireNonNull(discard, "discard");
            if (maxAge.isNegative()) {
                throw new IllegalArgumentException("maxAge must not be negative, was " + maxAge);
            }
            if (maxBytes == 0 || maxBytes < -1) {
                throw new IllegalArgumentException("maxBytes must be positive, or -1 for no limit, was " + maxBytes);
            }
            if (maxMessages == 0 || maxMessages < -1) {
                throw new IllegalArgumentException("maxMessages must be positive, or -1 for no limit, was " + maxMessages);
            }
        }
    }

    /** The largest number of replicas JetStream allows. */
    public static final int MAX_REPLICAS = 5;

    public StreamDefinition {
        Objects.requireNonNull(name, "name");
        subjects = List.copyOf(Objects.requireNonNull(subjects, "subjects"));
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(duplicateWindow, "duplicateWindow");
        Objects.requireNonNull(limits, "limits");
        if (name.isBlank() || name.chars().anyMatch(c -> c == '.' || c == '*' || c == '>' || Character.isWhitespace(c))) {
            throw new IllegalArgumentException("stream name '" + name + "' must be non-empty and contain no '.', '*', '>' or spaces");
        }
        if (subjects.isEmpty()) {
            throw new IllegalArgumentException("stream '" + name + "' needs at least one subject");
        }
        if (duplicateWindow.isNegative() || duplicateWindow.isZero()) {
            throw new IllegalArgumentException("stream '" + name + "': duplicateWindow must be positive, was " + duplicateWindow);
        }
        if (replicas < 1 || replicas > MAX_REPLICAS) {
            throw new IllegalArgumentException("stream '" + name + "': replicas must be 1 to " + MAX_REPLICAS + ", was " + replicas);
        }
    }

    /** One replica, no limits. */
    public StreamDefinition(String name, List<String> subjects, Storage storage, Duration duplicateWindow) {
        this(name, subjects, storage, duplicateWindow, 1, Limits.NONE);
    }

    /** A file-stored stream, one replica, no limits. */
    public static StreamDefinition fileStream(String name, List<String> subjects, Duration duplicateWindow) {
        return new StreamDefinition(name, subjects, Storage.FILE, duplicateWindow);
    }

    /** Whether the stream captures messages sent to {@code subject} (or to all that a wildcard subject matches). */
    public boolean captures(String subject) {
        return subjects.stream().anyMatch(pattern -> covers(pattern, subject));
    }

    /**
     * Whether every subject that {@code specific} matches is matched by {@code pattern}
     * ({@code orders.>} covers {@code orders.created} and {@code orders.*}); NATS' wildcard rules.
     */
    public static boolean covers(String pattern, String specific) {
        String[] p = pattern.split("\\.");
        String[] s = specific.split("\\.");
        for (int i = 0; i < p.length; i++) {
            if (p[i].equals(">")) {
                return s.length > i;
            }
            if (i >= s.length || s[i].equals(">")) {
                return false;
            }
            if (!p[i].equals("*") && !p[i].equals(s[i])) {
                return false;
            }
        }
        return p.length == s.length;
    }

    /** The same stream kept on {@code count} servers. */
    public StreamDefinition withReplicas(int count) {
        return new StreamDefinition(name, subjects, storage, duplicateWindow, count, limits);
    }

    /** The same stream with these limits. */
    public StreamDefinition withLimits(Limits kept) {
        return new StreamDefinition(name, subjects, storage, duplicateWindow, replicas, kept);
    }

    /** The same stream kept in {@code where}. */
    public StreamDefinition withStorage(Storage where) {
        return new StreamDefinition(name, subjects, where, duplicateWindow, replicas, limits);
    }
}
