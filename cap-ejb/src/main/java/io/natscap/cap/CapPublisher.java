package io.natscap.cap;

import java.time.Duration;
import java.util.Map;

/**
 * Publishes events the way DotNetCore.CAP does: the event is written to the outbox table in the
 * caller's JTA transaction and sent to NATS JetStream after that transaction commits; after a
 * rollback nothing was stored and nothing is sent. Outside a transaction it is stored and sent at
 * once. Obtain it with {@code @Inject}, {@code @EJB}, or {@code @Resource(lookup = "java:module/CapPublisher")}
 * (in a WAR; {@code java:app/cap-ejb/CapPublisher} in an EAR).
 *
 * <p>Every method fails with {@link CapPublishException} (and marks the caller's transaction for
 * rollback) when the event cannot be published as asked: a name that is no valid NATS subject, a
 * value JSON-B cannot serialize, a reserved {@code cap-*} header, a payload over the server's limit.
 */
public interface CapPublisher {

    /** Publishes {@code value} as the JSON body of event {@code name}; returns the message id. */
    long publish(String name, Object value);

    /** As {@link #publish(String, Object)}, with headers of the caller's own (not {@code cap-*}). */
    long publish(String name, Object value, Map<String, String> headers);

    /**
     * As {@link #publish(String, Object)}; a subscriber's return value will be published to
     * {@code callbackName}, correlated with this message.
     */
    long publish(String name, Object value, String callbackName);

    /** Publishes the event once {@code delay} has passed (it is stored now, in the caller's transaction). */
    long publishDelay(Duration delay, String name, Object value);

    /** As {@link #publishDelay(Duration, String, Object)}, with headers of the caller's own. */
    long publishDelay(Duration delay, String name, Object value, Map<String, String> headers);
}
