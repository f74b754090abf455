package io.natscap.nats.ra;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.natscap.nats.StreamDefinition;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Creating or widening streams: shared by the connection handle and by MDB activation. */
public final class Streams {

    /** jnats' API error code for "stream not found". */
    private static final int STREAM_NOT_FOUND = 10059;

    private Streams() {
    }

    /**
     * Creates the stream, or adds the missing subjects and sets the duplicate window of an
     * existing one. Storage cannot change on an existing stream: the result says what it has.
     */
    public static StreamDefinition ensure(JetStreamManagement jsm, StreamDefinition wanted)
            throws IOException, JetStreamApiException {
        StreamInfo info;
        try {
            info = jsm.getStreamInfo(wanted.name());
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
            return definitionOf(jsm.addStream(StreamConfiguration.builder()
                    .name(wanted.name())
                    .subjects(wanted.subjects())
                    .storageType(wanted.storage() == StreamDefinition.Storage.FILE ? StorageType.File : StorageType.Memory)
                    .duplicateWindow(wanted.duplicateWindow())
                    .build()).getConfiguration());
        }
        StreamConfiguration current = info.getConfiguration();
        List<String> subjects = merge(current.getSubjects(), wanted.subjects());
        if (subjects.equals(current.getSubjects()) && wanted.duplicateWindow().equals(current.getDuplicateWindow())) {
            return definitionOf(current);
        }
        return definitionOf(jsm.updateStream(StreamConfiguration.builder(current)
                .subjects(subjects)
                .duplicateWindow(wanted.duplicateWindow())
                .build()).getConfiguration());
    }

    /**
     * The subjects a stream needs to capture both lists: a subject another one already covers
     * ({@code orders.created} under {@code orders.>}) is left out, since JetStream refuses
     * overlapping subjects.
     */
    static List<String> merge(List<String> current, List<String> added) {
        List<String> all = new ArrayList<>(current);
        added.stream().filter(s -> !all.contains(s)).forEach(all::add);
        List<String> merged = new ArrayList<>();
        for (String subject : all) {
            boolean covered = all.stream().anyMatch(other -> !other.equals(subject) && covers(other, subject));
            if (!covered) {
                merged.add(subject);
            }
        }
        return merged;
    }

    /** Whether every subject that {@code specific} matches is matched by {@code pattern}. */
    static boolean covers(String pattern, String specific) {
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

    /** Adds a subject to a stream if missing, creating a file stream when there is none. */
    public static void ensureSubject(JetStreamManagement jsm, String stream, String subject)
            throws IOException, JetStreamApiException {
        try {
            StreamConfiguration current = jsm.getStreamInfo(stream).getConfiguration();
            List<String> subjects = merge(current.getSubjects(), List.of(subject));
            if (!subjects.equals(current.getSubjects())) {
                jsm.updateStream(StreamConfiguration.builder(current).subjects(subjects).build());
            }
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
            jsm.addStream(StreamConfiguration.builder().name(stream).subjects(subject).storageType(StorageType.File).build());
        }
    }

    private static StreamDefinition definitionOf(StreamConfiguration config) {
        return new StreamDefinition(config.getName(), config.getSubjects(),
                config.getStorageType() == StorageType.File ? StreamDefinition.Storage.FILE : StreamDefinition.Storage.MEMORY,
                config.getDuplicateWindow());
    }
}
