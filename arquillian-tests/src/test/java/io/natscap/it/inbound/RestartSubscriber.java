package io.natscap.it.inbound;

import io.natscap.nats.NatsMessage;
import io.natscap.nats.NatsMessageListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
/** Consumes while the test restarts nats-server; four deliveries at a time. At least once: duplicates are allowed. */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "subject", propertyValue = "js.restart"),
        @ActivationConfigProperty(propertyName = "stream", propertyValue = "JSRESTART"),
        @ActivationConfigProperty(propertyName = "durable", propertyValue = "restart"),
        @ActivationConfigProperty(propertyName = "concurrency", propertyValue = "4"),
        // acks lost in the restart come back after ackWait: keep it short so the test does not wait 30 s
        @ActivationConfigProperty(propertyName = "ackWaitMillis", propertyValue = "5000")
})
public class RestartSubscriber implements NatsMessageListener {

    @EJB
    private Deliveries deliveries;

    @Override
    public void onMessage(NatsMessage message) {
        deliveries.record("restart", getClass().getSimpleName(), message);
    }
}
