package io.natscap.bench.app;

import io.natscap.nats.NatsMessage;
import io.natscap.nats.NatsMessageListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;

/**
 * Case 3: a message-driven bean with the adapter's default settings, counting. It waits at the
 * {@link Gate} while its backlog is published (hence the long ack wait: the messages it fetched
 * meanwhile must not be redelivered).
 */
@MessageDriven(messageListenerInterface = NatsMessageListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "subject", propertyValue = Scenarios.CONSUME_MDB_SUBJECT),
        @ActivationConfigProperty(propertyName = "stream", propertyValue = Scenarios.CONSUME_STREAM),
        @ActivationConfigProperty(propertyName = "durable", propertyValue = "mdb"),
        @ActivationConfigProperty(propertyName = "ackWaitMillis", propertyValue = "600000")
})
public class GatedConsumer implements NatsMessageListener {

    @Override
    public void onMessage(NatsMessage message) {
        try {
            Gate.pass();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted at the gate", e);
        }
        counter().increment();
    }

    /** The counter of this bean's subject. */
    protected Counter counter() {
        return Counter.GATED_CONSUMER;
    }
}
