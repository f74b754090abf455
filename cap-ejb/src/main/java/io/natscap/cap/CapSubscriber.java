package io.natscap.cap;

import io.natscap.nats.NatsMessage;
import io.natscap.nats.NatsMessageListener;
import jakarta.ejb.EJB;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Map;

/**
 * The base class of a CAP subscriber: a message-driven bean that receives the event's value bound
 * to {@code T}, once per message id and group, however often the message is delivered.
 *
 * <pre>{@code
 * @MessageDriven(messageListenerInterface = NatsMessageListener.class, activationConfig = {
 *     @ActivationConfigProperty(propertyName = "subject", propertyValue = "orders.created"),
 *     @ActivationConfigProperty(propertyName = "stream", propertyValue = "orders"),
 *     @ActivationConfigProperty(propertyName = "group", propertyValue = "billing")})
 * public class Billing extends CapSubscriber<OrderCreated> {
 *     protected Object handle(OrderCreated order, CapContext context) { ...; return null; }
 * }
 * }</pre>
 *
 * The value returned by {@link #handle} is published to the message's cap-callback-name, if it
 * has one, through the outbox, in the same transaction.
 */
public abstract class CapSubscriber<T> implements NatsMessageListener {

    /**
     * What feeds a subscriber: natscap's inbox implements it, applications neither implement nor
     * call it. It is declared here so that this API package does not depend on the inbox's.
     */
    public interface Inbox {

        /** Runs {@code handler} for the message once per message id and group, as the class comment says. */
        void receive(NatsMessage message, Type valueType, Handler handler);

        /** The business method as the inbox calls it. */
        @FunctionalInterface
        interface Handler {
            Object handle(Object value, CapContext context) throws Exception;

            /** The subscriber's {@link CapSubscriber#customHeaders}; none by default. */
            default Map<String, String> customHeaders(NatsMessage message) {
                return Map.of();
            }
        }
    }

    @EJB
    private Inbox inbox;

    private final Type valueType = valueType(getClass());

    private final Inbox.Handler handler = new Inbox.Handler() {
        @Override
        @SuppressWarnings("unchecked")
        public Object handle(Object value, CapContext context) throws Exception {
            return CapSubscriber.this.handle((T) value, context);
        }

        @Override
        public Map<String, String> customHeaders(NatsMessage message) {
            return CapSubscriber.this.customHeaders(message);
        }
    };

    /**
     * The business method. Throwing makes the transaction roll back and the message come again
     * (with a growing delay) until the retries are spent; it then stays Failed in the inbox.
     */
    protected abstract Object handle(T value, CapContext context) throws Exception;

    /**
     * CAP's {@code CustomHeadersBuilder} (NATSOptions, CAP 8.2), for this subscriber: headers to set
     * on every message before the inbox reads it; each replaces the message's header of the same
     * name. For a foreign producer's message (plain JSON without CAP's headers) return at least
     * {@code cap-msg-name}, and {@code cap-msg-id} (a number) when the producer has an id of its own;
     * without one the id is derived from the stream position, the same on every redelivery. By
     * default none: a message without {@code cap-msg-name} is then kept Failed in the inbox, as is one
     * whose headers this method fails to build (with its exception).
     */
    protected Map<String, String> customHeaders(NatsMessage message) {
        return Map.of();
    }

    @Override
    public final void onMessage(NatsMessage message) {
        inbox.receive(message, valueType, handler);
    }

    /** The T of {@code X extends CapSubscriber<T>}, for JSON-B. */
    private static Type valueType(Class<?> subscriber) {
        for (Class<?> c = subscriber; c != null && c != Object.class; c = c.getSuperclass()) {
            if (c.getGenericSuperclass() instanceof ParameterizedType generic && generic.getRawType() == CapSubscriber.class) {
                return generic.getActualTypeArguments()[0];
            }
        }
        throw new IllegalStateException(subscriber.getName() + " must extend CapSubscriber<T> with a concrete T");
    }
}
