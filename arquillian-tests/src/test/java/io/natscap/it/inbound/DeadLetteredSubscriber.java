package io.natscap.it.inbound;

import io.natscap.nats.NatsMessage;
import io.natscap.nats.NatsMessageListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;

import java.nio.charset.StandardCharsets;

/** Fails on bodies starting with 'doomed'; after maxDeliver (2) the adapter moves such a message to js.deadletter.dlq. */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "subject", propertyValue = "js.deadletter"),
        @ActivationConfigProperty(propertyName = "stream", propertyValue = "JSDEADLETTER"),
        @ActivationConfigProperty(propertyName = "durable", propertyValue = "deadletter"),
        @ActivationConfigProperty(propertyName = "maxDeliver", propertyValue = "2"),
        @ActivationConfigProperty(propertyName = "backOff", propertyValue = "500ms"),
        @ActivationConfigProperty(propertyName = "deadLetter", propertyValue = "true")
})
public class DeadLetteredSubscriber implements NatsMessageListener {

    @EJB
    private Deliveries deliveries;

    @Override
    public void onMessage(NatsMessage message) {
        String body = new String(message.body(), StandardCharsets.UTF_8);
        if (body.startsWith("doomed")) {
            deliveries.record("doomed-attempt", getClass().getSimpleName(), message);
            throw new IllegalArgumentException("cannot process " + body);
        }
        deliveries.record("deadletter-good", getClass().getSimpleName(), message);
    }
}
