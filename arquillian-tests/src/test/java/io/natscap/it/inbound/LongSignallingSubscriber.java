package io.natscap.it.inbound;

import io.natscap.nats.NatsMessage;
import io.natscap.nats.NatsMessageListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;

/**
 * Runs three times its 2 s ack wait; the adapter tells NATS meanwhile that the delivery is in
 * progress (the default), so it is not delivered again.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "subject", propertyValue = "js.long.signalled"),
        @ActivationConfigProperty(propertyName = "stream", propertyValue = "JSLONGSIGNALLED"),
        @ActivationConfigProperty(propertyName = "durable", propertyValue = "long-signalled"),
        @ActivationConfigProperty(propertyName = "ackWaitMillis", propertyValue = "2000"),
        @ActivationConfigProperty(propertyName = "concurrency", propertyValue = "2")
})
public class LongSignallingSubscriber implements NatsMessageListener {

    static final long RUNS_MILLIS = 6_000;

    @EJB
    private Deliveries deliveries;

    @Override
    public void onMessage(NatsMessage message) {
        deliveries.record("long-signalled", getClass().getSimpleName(), message);
        LongSilentSubscriber.work(RUNS_MILLIS);
    }
}
