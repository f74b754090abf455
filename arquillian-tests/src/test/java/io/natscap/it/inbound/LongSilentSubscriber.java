package io.natscap.it.inbound;

import io.natscap.nats.NatsMessage;
import io.natscap.nats.NatsMessageListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;

/**
 * {@link LongSignallingSubscriber} with inProgress off: NATS takes the delivery for lost after the
 * ack wait and delivers the message again while the first run goes on.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "subject", propertyValue = "js.long.silent"),
        @ActivationConfigProperty(propertyName = "stream", propertyValue = "JSLONGSILENT"),
        @ActivationConfigProperty(propertyName = "durable", propertyValue = "long-silent"),
        @ActivationConfigProperty(propertyName = "ackWaitMillis", propertyValue = "2000"),
        @ActivationConfigProperty(propertyName = "concurrency", propertyValue = "2"),
        @ActivationConfigProperty(propertyName = "inProgress", propertyValue = "false")
})
public class LongSilentSubscriber implements NatsMessageListener {

    @EJB
    private Deliveries deliveries;

    @Override
    public void onMessage(NatsMessage message) {
        deliveries.record("long-silent", getClass().getSimpleName(), message);
        work(LongSignallingSubscriber.RUNS_MILLIS);
    }

    /** Stands in for a long business method. */
    static void work(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while working", e);
        }
    }
}
