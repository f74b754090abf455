package io.natscap.it.subscribers;

import io.natscap.cap.CapContext;
import io.natscap.cap.CapHeaders;
import io.natscap.cap.CapSubscriber;
import io.natscap.nats.NatsMessage;
import io.natscap.nats.NatsMessageListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;

import java.util.Map;

/**
 * Group legacy.v1: plain JSON from a producer that knows nothing of CAP, with its own event-type and
 * event-id headers; customHeaders makes CAP's headers of them.
 */
@MessageDriven(messageListenerInterface = NatsMessageListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "subject", propertyValue = "itsub.legacy"),
        @ActivationConfigProperty(propertyName = "stream", propertyValue = "itsub"),
        @ActivationConfigProperty(propertyName = "group", propertyValue = "legacy")
})
public class LegacyOrders extends CapSubscriber<OrderCreated> {

    @EJB
    private Received received;

    @Override
    protected Map<String, String> customHeaders(NatsMessage message) {
        return Map.of(CapHeaders.MESSAGE_NAME, "legacy." + message.header("event-type"),
                CapHeaders.MESSAGE_ID, message.header("event-id"));
    }

    @Override
    protected Object handle(OrderCreated value, CapContext context) throws Exception {
        received.record("legacy", Handled.of(this, value.orderId, context));
        return null;
    }
}
