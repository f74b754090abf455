package io.natscap.it.inbound;

import io.natscap.nats.NatsMessage;
import io.natscap.nats.NatsMessageListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
/** One of two beans in queue group 'workers': they split core.queue. */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "subject", propertyValue = "core.queue"),
        @ActivationConfigProperty(propertyName = "queueGroup", propertyValue = "workers")
})
public class QueueWorkerA implements NatsMessageListener {

    @EJB
    private Deliveries deliveries;

    @Override
    public void onMessage(NatsMessage message) {
        deliveries.record("queue", getClass().getSimpleName(), message);
    }
}
