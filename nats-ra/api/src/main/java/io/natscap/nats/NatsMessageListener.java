package io.natscap.nats;

/**
 * The listener interface of message-driven beans fed by nats-ra. The activation config names
 * the subject (and, for JetStream, the stream); see README for every property.
 *
 * <pre>{@code
 * @MessageDriven(activationConfig = {
 *     @ActivationConfigProperty(propertyName = "subject", propertyValue = "orders.created"),
 *     @ActivationConfigProperty(propertyName = "stream", propertyValue = "orders")})
 * public class Billing implements NatsMessageListener {
 *     public void onMessage(NatsMessage message) { ... }
 * }
 * }</pre>
 *
 * A JetStream message is acknowledged only after the bean's transaction committed; when the
 * method throws or the transaction rolls back, it is redelivered later, up to maxDeliver times.
 */
public interface NatsMessageListener {

    void onMessage(NatsMessage message);
}
