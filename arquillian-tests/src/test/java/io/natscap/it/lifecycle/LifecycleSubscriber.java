package io.natscap.it.lifecycle;

import io.natscap.it.inbound.Deliveries;
import io.natscap.nats.NatsMessage;
import io.natscap.nats.NatsMessageListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;

/** A durable subscriber in an application that the test deploys and undeploys. */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "subject", propertyValue = "js.lifecycle"),
        @ActivationConfigProperty(propertyName = "stream", propertyValue = "JSLIFE"),
        @ActivationConfigProperty(propertyName = "durable", propertyValue = "lifecycle"),
        @ActivationConfigProperty(propertyName = "deliverPolicy", propertyValue = "all")
})
public class LifecycleSubscriber implements NatsMessageListener {

    @EJB
    private Deliveries deliveries;

    @Override
    public void onMessage(NatsMessage message) {
        deliveries.record("lifecycle", getClass().getSimpleName(), message);
    }
}
