package io.natscap.bench.app;

import io.natscap.nats.NatsMessageListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;

/** {@link GatedCapSubscriber}, 8 deliveries at a time. */
@MessageDriven(messageListenerInterface = NatsMessageListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "subject", propertyValue = Scenarios.CONSUME_CAP_SUBJECT + "8"),
        @ActivationConfigProperty(propertyName = "stream", propertyValue = Scenarios.CONSUME_STREAM),
        @ActivationConfigProperty(propertyName = "group", propertyValue = "benchconsume8"),
        @ActivationConfigProperty(propertyName = "concurrency", propertyValue = "8"),
        @ActivationConfigProperty(propertyName = "ackWaitMillis", propertyValue = "600000")
})
public class GatedCapSubscriber8 extends GatedCapSubscriber {

    @Override
    protected Counter counter() {
        return Counter.GATED_CAP_SUBSCRIBER_8;
    }
}
