package io.natscap.it.inbound;

import io.natscap.nats.NatsMessage;
import io.natscap.nats.NatsMessageListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
/** A durable JetStream consumer: every message on js.orders, acknowledged after commit. */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "subject", propertyValue = "js.orders"),
        @ActivationConfigProperty(propertyName = "stream", propertyValue = "JSORDERS"),
        @ActivationConfigProperty(propertyName = "durable", propertyValue = "orders")
})
public class DurableSubscriber implements NatsMessageListener {

    @EJB
    private Deliveries deliveries;

    @Override
    public void onMessage(NatsMessage message) {
        deliveries.record("durable", getClass().getSimpleName(), message);
    }
}
