package io.natscap.nats.ra;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/** Durable JetStream consumers: creating one, or bringing an existing one to what a bean asks. */
public final class Consumers {

    /** jnats' API error code for "consumer not found". */
    public static final int CONSUMER_NOT_FOUND = 10014;

    private Consumers() {
    }

    /**
     * What a durable should be.
     *
     * @param startSequence where a durable created now starts: 0 for {@code deliverAll}'s choice
     *                      (all or new), else this stream sequence (a durable that was deleted
     *                      under a running bean resumes where that bean was)
     */
    public record Durable(String stream, String name, String filterSubject, boolean deliverAll, Duration ackWait,
                          int maxDeliver, int maxAckPending, long startSequence) {

        public Durable startingAt(long sequence) {
            return new Durable(stream, name, filterSubject, deliverAll, ackWait, maxDeliver, maxAckPending, sequence);
        }
    }

    /**
     * Creates the durable, or updates what may change on an existing one (ack wait, max deliver,
     * max ack pending). An existing durable of another subject is refused with a clear message.
     */
    public static void ensure(JetStreamManagement jsm, Durable wanted) throws IOException, JetStreamApiException {
        Optional<ConsumerInfo> existing = find(jsm, wanted.stream(), wanted.name());
        ConsumerConfiguration.Builder builder;
        if (existing.isPresent()) {
            ConsumerConfiguration current = existing.get().getConsumerConfiguration();
            if (!wanted.filterSubject().equals(current.getFilterSubject())) {
                throw new IllegalStateException("durable " + wanted.name() + " on stream " + wanted.stream()
                        + " already consumes '" + current.getFilterSubject() + "', not '" + wanted.filterSubject()
                        + "': name another durable");
            }
            builder = ConsumerConfiguration.builder(current);
        } else {
            builder = ConsumerConfiguration.builder()
                    .durable(wanted.name())
                    .filterSubject(wanted.filterSubject())
                    .ackPolicy(AckPolicy.Explicit);
            if (wanted.startSequence() > 0) {
                builder.deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(wanted.startSequence());
            } else {
                builder.deliverPolicy(wanted.deliverAll() ? DeliverPolicy.All : DeliverPolicy.New);
            }
        }
        jsm.addOrUpdateConsumer(wanted.stream(), builder.ackWait(wanted.ackWait())
                .maxDeliver(wanted.maxDeliver())
                .maxAckPending(wanted.maxAckPending())
                .build());
    }

    /** The durable's state on the server, if it exists. */
    public static Optional<ConsumerInfo> find(JetStreamManagement jsm, String stream, String durable)
            throws IOException, JetStreamApiException {
        try {
            return Optional.of(jsm.getConsumerInfo(stream, durable));
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == CONSUMER_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
