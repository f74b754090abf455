package io.natscap.it.inbound;

import io.natscap.nats.NatsMessage;
import io.natscap.nats.NatsMessageListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import java.nio.charset.StandardCharsets;

/** Always fails on bodies starting with 'poison'; maxDeliver 3, retried after 1 s, then 2 s. */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "subject", propertyValue = "js.poison"),
        @ActivationConfigProperty(propertyName = "stream", propertyValue = "JSPOISON"),
        @ActivationConfigProperty(propertyName = "durable", propertyValue = "poison"),
        @ActivationConfigProperty(propertyName = "maxDeliver", propertyValue = "3"),
        @ActivationConfigProperty(propertyName = "backOff", propertyValue = "1s,2s")
})
public class PoisonedSubscriber implements NatsMessageListener {

    @EJB
    private Deliveries deliveries;

    @Override
    public void onMessage(NatsMessage message) {
        String body = new String(message.body(), StandardCharsets.UTF_8);
        if (body.startsWith("poison")) {
            deliveries.record("poison-attempt", getClass().getSimpleName(), message);
            throw new IllegalArgumentException("cannot process " + body);
        }
        deliveries.record("poison-good", getClass().getSimpleName(), message);
    }
}
