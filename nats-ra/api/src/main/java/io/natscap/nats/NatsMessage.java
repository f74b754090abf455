package io.natscap.nats;

import java.util.List;
import java.util.Map;

/** A message received from NATS: a reply to a request, or a delivery to a message-driven bean. */
public interface NatsMessage {

    String subject();

    /** The subject to reply to, or {@code null}. */
    String replyTo();

    /** All headers; a header may carry several values. Never {@code null}. */
    Map<String, List<String>> headers();

    /** The first value of a header, or {@code null} when it is absent. */
    String header(String name);

    byte[] body();

    /** True when the message came from a JetStream consumer; the stream fields below are then set. */
    boolean isJetStream();

    /** The stream that delivered it, or {@code null} for a core message. */
    String stream();

    /** Its sequence number in the stream, or 0 for a core message. */
    long streamSequence();

    /** How many times JetStream has delivered it (1 on first delivery), or 0 for a core message. */
    long deliveryCount();

    /**
     * How many deliveries the consumer allows (its maxDeliver), or 0 for a core message and a
     * reply: when {@code deliveryCount() == maxDeliver()} this is the last one.
     */
    long maxDeliver();

    /** The consumer group of the receiving message-driven bean (activation property group), or null. */
    String group();
}
