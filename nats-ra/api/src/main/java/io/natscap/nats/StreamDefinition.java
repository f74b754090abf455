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
 */
public record StreamDefinition(String name, List<String> subjects, Storage storage, Duration duplicateWindow) {

    public enum Storage { FILE, MEMORY }

    public StreamDefinition {
        Objects.requireNonNull(name, "name");
        subjects = List.copyOf(Objects.requireNonNull(subjects, "subjects"));
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(duplicateWindow, "duplicateWindow");
        if (name.isBlank() || name.chars().anyMatch(c -> c == '.' || c == '*' || c == '>' || Character.isWhitespace(c))) {
            throw new IllegalArgumentException("stream name '" + name + "' must be non-empty and contain no '.', '*', '>' or spaces");
        }
        if (subjects.isEmpty()) {
            throw new IllegalArgumentException("stream '" + name + "' needs at least one subject");
        }
        if (duplicateWindow.isNegative() || duplicateWindow.isZero()) {
            throw new IllegalArgumentException("stream '" + name + "': duplicateWindow must be positive, was " + duplicateWindow);
        }
    }

    /** A file-stored stream. */
    public static StreamDefinition fileStream(String name, List<String> subjects, Duration duplicateWindow) {
        return new StreamDefinition(name, subjects, Storage.FILE, duplicateWindow);
    }
}
