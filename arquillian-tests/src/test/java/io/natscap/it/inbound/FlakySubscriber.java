package io.natscap.it.inbound;

import io.natscap.nats.NatsMessage;
import io.natscap.nats.NatsMessageListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
/** Throws on the first delivery of every message, succeeds on the second. */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "subject", propertyValue = "js.flaky"),
        @ActivationConfigProperty(propertyName = "stream", propertyValue = "JSFLAKY"),
        @ActivationConfigProperty(propertyName = "durable", propertyValue = "flaky")
})
public class FlakySubscriber implements NatsMessageListener {

    @EJB
    private Deliveries deliveries;

    @Override
    public void onMessage(NatsMessage message) {
        deliveries.record("flaky-attempt", getClass().getSimpleName(), message);
        if (message.deliveryCount() == 1) {
            throw new IllegalStateException("first delivery fails on purpose");
        }
        deliveries.record("flaky", getClass().getSimpleName(), message);
    }
}
