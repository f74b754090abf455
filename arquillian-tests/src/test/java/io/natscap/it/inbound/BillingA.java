package io.natscap.it.inbound;

import io.natscap.nats.NatsMessage;
import io.natscap.nats.NatsMessageListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
/** Shares the durable 'billing' with BillingB: they compete. */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "subject", propertyValue = "js.group"),
        @ActivationConfigProperty(propertyName = "stream", propertyValue = "JSGROUP"),
        @ActivationConfigProperty(propertyName = "durable", propertyValue = "billing")
})
public class BillingA implements NatsMessageListener {

    @EJB
    private Deliveries deliveries;

    @Override
    public void onMessage(NatsMessage message) {
        deliveries.record("billing", getClass().getSimpleName(), message);
    }
}
