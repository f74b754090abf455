package io.natscap.it.inbound;

import io.natscap.nats.NatsMessage;
import io.natscap.nats.NatsMessageListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
/** Shares the durable 'billing' with BillingA: they compete. */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "subject", propertyValue = "js.group"),
        @ActivationConfigProperty(propertyName = "stream", propertyValue = "JSGROUP"),
        @ActivationConfigProperty(propertyName = "durable", propertyValue = "billing")
})
public class BillingB implements NatsMessageListener {

    @EJB
    private Deliveries deliveries;

    @Override
    public void onMessage(NatsMessage message) {
        deliveries.record("billing", getClass().getSimpleName(), message);
    }
}
