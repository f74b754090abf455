package io.natscap.it.inbound;

import io.natscap.nats.NatsMessage;
import io.natscap.nats.NatsMessageListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
/** Its own durable 'audit' on the same subject: it gets every message too. */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "subject", propertyValue = "js.group"),
        @ActivationConfigProperty(propertyName = "stream", propertyValue = "JSGROUP"),
        @ActivationConfigProperty(propertyName = "durable", propertyValue = "audit")
})
public class AuditSubscriber implements NatsMessageListener {

    @EJB
    private Deliveries deliveries;

    @Override
    public void onMessage(NatsMessage message) {
        deliveries.record("audit", getClass().getSimpleName(), message);
    }
}
