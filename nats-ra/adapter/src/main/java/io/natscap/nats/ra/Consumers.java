package io.natscap.nats.ra;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
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
     * @param backOff       each delivery's ack wait (NATS's back-off list); empty for {@code ackWait} throughout
     * @param replicas      the durable's replicas; 0 for the stream's
     * @param startSequence where a durable created now starts: 0 for {@code deliverAll}'s choice
     *                      (all or new), else this stream sequence (a durable that was deleted
     *                      under a running bean resumes where that bean was)
     */
    public record Durable(String stream, String name, String filterSubject, boolean deliverAll, Duration ackWait,
                          List<Duration> backOff, int maxDeliver, int maxAckPending, int replicas, long startSequence) {

        public Durable {
            backOff = List.copyOf(backOff);
        }

        public Durable startingAt(long sequence) {
            return new Durable(stream, name, filterSubject, deliverAll, ackWait, backOff, maxDeliver, maxAckPending, replicas,
                    sequence);
        }
    }

    /**
     * Creates the durable, or updates what may change on an existing one (ack wait, back-off,
     * max deliver, max ack pending, replicas). An existing durable of another subject, or a push
     * consumer, is refused with a clear message.
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
            if (current.getDeliverSubject() != null) {
                // the server would answer every pull with 409 "Consumer is push based": the bean would get nothing
                throw new IllegalStateException("durable " + wanted.name() + " on stream " + wanted.stream()
                        + " is a push consumer (delivering to '" + current.getDeliverSubject() + "'; CAP .NET makes its groups' "
                        + "durables so); a message-driven bean pulls: give it another group or durable");
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
        builder.ackWait(wanted.ackWait())
                .backoff(wanted.backOff().toArray(Duration[]::new))
                .maxDeliver(wanted.maxDeliver())
                .maxAckPending(wanted.maxAckPending());
        if (wanted.replicas() > 0) {
            // jnats refuses 0; left unset, a new durable takes the stream's replicas and an existing one keeps its own
            builder.numReplicas(wanted.replicas());
        }
        jsm.addOrUpdateConsumer(wanted.stream(), builder.build());
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
