package io.natscap.nats;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A handle on a pooled NATS connection, borrowed from {@link NatsConnectionFactory}. Not meant to
 * be kept: borrow, use, close. Every failure is a {@link NatsResourceException} that names the
 * servers and the connection state; a handle whose connection has been closed also reports it
 * to the container, so the next borrower gets a fresh connection.
 *
 * <p>Headers are single-valued (what CAP and most producers use); {@code null} means none.
 */
public interface NatsConnection extends AutoCloseable {

    /**
     * Core NATS publish: fire and forget. While the connection is reconnecting the message waits
     * in jnats' reconnect buffer and goes out after the reconnect.
     */
    void publish(String subject, Map<String, String> headers, byte[] body) throws NatsResourceException;

    /**
     * JetStream publish, waiting for the stream's acknowledgement. {@code messageId} becomes the
     * {@code Nats-Msg-Id} header: the stream stores a message id once within its duplicate window,
     * so resending after a time-out is safe.
     */
    JetStreamAck jetStreamPublish(String subject, Map<String, String> headers, byte[] body, String messageId)
            throws NatsResourceException;

    /**
     * Like {@link #jetStreamPublish} without waiting: many messages can be in flight at once. The
     * future completes with the acknowledgement, or exceptionally with a
     * {@link NatsResourceException}. A time-out does not prove the message was not stored.
     */
    CompletableFuture<JetStreamAck> jetStreamPublishAsync(String subject, Map<String, String> headers, byte[] body,
                                                          String messageId) throws NatsResourceException;

    /**
     * Request/reply: publishes and waits up to {@code timeout} for the first reply.
     *
     * @throws NatsResourceException when no reply came in time or nobody listens on the subject
     */
    NatsMessage request(String subject, Map<String, String> headers, byte[] body, Duration timeout)
            throws NatsResourceException;

    /**
     * Creates the stream if it does not exist, with everything the definition says. An existing
     * stream is never narrowed: missing subjects are added and a shorter duplicate window is
     * raised to the definition's; its storage, replicas and limits stay as its owner set them.
     * The returned definition says what the server has.
     */
    StreamDefinition ensureStream(StreamDefinition definition) throws NatsResourceException;

    /** The stream as the server has it, or empty when there is none of that name; changes nothing. */
    Optional<StreamDefinition> stream(String name) throws NatsResourceException;

    /** The largest message body the connected server accepts, in bytes. */
    long maxPayload() throws NatsResourceException;

    /** The state of the underlying connection at this moment. */
    NatsConnectionState state();

    /** Gives the connection back to the pool. Further calls on this handle are rejected. */
    @Override
    void close();
}
