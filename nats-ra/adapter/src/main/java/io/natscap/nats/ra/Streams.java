package io.natscap.nats.ra;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.natscap.nats.StreamDefinition;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Creating or widening streams: shared by the connection handle and by MDB activation. */
public final class Streams {

    /** jnats' API error code for "stream not found". */
    private static final int STREAM_NOT_FOUND = 10059;

    private Streams() {
    }

    /**
     * Creates the stream with everything {@code wanted} says; or, for an existing one, adds the
     * missing subjects and raises a shorter duplicate window, and changes nothing else: it is
     * never narrowed (its owner may be another service), and storage and replicas are the
     * owner's to choose. The result says what the server has.
     */
    public static StreamDefinition ensure(JetStreamManagement jsm, StreamDefinition wanted)
            throws IOException, JetStreamApiException {
        Optional<StreamInfo> existing = info(jsm, wanted.name());
        if (existing.isEmpty()) {
            StreamDefinition.Limits limits = wanted.limits();
            return definitionOf(jsm.addStream(StreamConfiguration.builder()
                    .name(wanted.name())
                    .subjects(wanted.subjects())
                    .storageType(wanted.storage() == StreamDefinition.Storage.FILE ? StorageType.File : StorageType.Memory)
                    .duplicateWindow(wanted.duplicateWindow())
                    .replicas(wanted.replicas())
                    .maxAge(limits.maxAge())
                    .maxBytes(limits.maxBytes())
                    .maxMessages(limits.maxMessages())
                    .discardPolicy(limits.discard() == StreamDefinition.Discard.NEW ? DiscardPolicy.New : DiscardPolicy.Old)
                    .build()).getConfiguration());
        }
        StreamConfiguration current = existing.get().getConfiguration();
        List<String> subjects = merge(current.getSubjects(), wanted.subjects());
        Duration window = current.getDuplicateWindow() != null && current.getDuplicateWindow().compareTo(wanted.duplicateWindow()) >= 0
                ? current.getDuplicateWindow() : wanted.duplicateWindow();
        if (subjects.equals(current.getSubjects()) && window.equals(current.getDuplicateWindow())) {
            return definitionOf(current);
        }
        return definitionOf(jsm.updateStream(StreamConfiguration.builder(current)
                .subjects(subjects)
                .duplicateWindow(window)
                .build()).getConfiguration());
    }

    /** The stream as the server has it, or empty. */
    public static Optional<StreamDefinition> read(JetStreamManagement jsm, String name) throws IOException, JetStreamApiException {
        return info(jsm, name).map(info -> definitionOf(info.getConfiguration()));
    }

    private static Optional<StreamInfo> info(JetStreamManagement jsm, String name) throws IOException, JetStreamApiException {
        try {
            return Optional.of(jsm.getStreamInfo(name));
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
            return Optional.empty();
        }
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
            boolean covered = all.stream().anyMatch(other -> !other.equals(subject) && StreamDefinition.covers(other, subject));
            if (!covered) {
                merged.add(subject);
            }
        }
        return merged;
    }

    /**
     * Adds a subject to a stream if missing, creating a file stream with {@code replicas} when
     * there is none; an existing stream keeps its replicas.
     */
    public static void ensureSubject(JetStreamManagement jsm, String stream, String subject, int replicas)
            throws IOException, JetStreamApiException {
        Optional<StreamInfo> existing = info(jsm, stream);
        if (existing.isEmpty()) {
            jsm.addStream(StreamConfiguration.builder().name(stream).subjects(subject).storageType(StorageType.File)
                    .replicas(replicas).build());
            return;
        }
        StreamConfiguration current = existing.get().getConfiguration();
        List<String> subjects = merge(current.getSubjects(), List.of(subject));
        if (!subjects.equals(current.getSubjects())) {
            jsm.updateStream(StreamConfiguration.builder(current).subjects(subjects).build());
        }
    }

    private static StreamDefinition definitionOf(StreamConfiguration config) {
        // the server reports "no limit" as 0 or -1 depending on the limit and its version
        StreamDefinition.Limits limits = new StreamDefinition.Limits(
                config.getMaxAge() == null || config.getMaxAge().isNegative() ? Duration.ZERO : config.getMaxAge(),
                config.getMaxBytes() > 0 ? config.getMaxBytes() : -1,
                config.getMaxMsgs() > 0 ? config.getMaxMsgs() : -1,
                config.getDiscardPolicy() == DiscardPolicy.New ? StreamDefinition.Discard.NEW : StreamDefinition.Discard.OLD);
        return new StreamDefinition(config.getName(), config.getSubjects(),
                config.getStorageType() == StorageType.File ? StreamDefinition.Storage.FILE : StreamDefinition.Storage.MEMORY,
                config.getDuplicateWindow(), Math.max(1, config.getReplicas()), limits);
    }
}
