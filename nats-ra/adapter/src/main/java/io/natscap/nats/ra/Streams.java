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
        List<String> subjects = new ArrayList<>(current.getSubjects());
        wanted.subjects().stream().filter(s -> !subjects.contains(s)).forEach(subjects::add);
        if (subjects.size() == current.getSubjects().size() && wanted.duplicateWindow().equals(current.getDuplicateWindow())) {
            return definitionOf(current);
        }
        return definitionOf(jsm.updateStream(StreamConfiguration.builder(current)
                .subjects(subjects)
                .duplicateWindow(wanted.duplicateWindow())
                .build()).getConfiguration());
    }

    /** Adds a subject to a stream if missing, creating a file stream when there is none. */
    public static void ensureSubject(JetStreamManagement jsm, String stream, String subject)
            throws IOException, JetStreamApiException {
        try {
            StreamConfiguration current = jsm.getStreamInfo(stream).getConfiguration();
            if (!current.getSubjects().contains(subject)) {
                List<String> subjects = new ArrayList<>(current.getSubjects());
                subjects.add(subject);
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
