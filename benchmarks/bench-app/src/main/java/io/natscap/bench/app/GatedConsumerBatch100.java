package io.natscap.bench.app;

import io.natscap.nats.NatsMessageListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;

/** Case 3: {@link GatedConsumer} pulling 100 messages at a time instead of the default 10. */
@MessageDriven(messageListenerInterface = NatsMessageListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "subject", propertyValue = Scenarios.CONSUME_MDB_SUBJECT + "100"),
        @ActivationConfigProperty(propertyName = "stream", propertyValue = Scenarios.CONSUME_STREAM),
        @ActivationConfigProperty(propertyName = "durable", propertyValue = "mdb100"),
        @ActivationConfigProperty(propertyName = "pullBatchSize", propertyValue = "100"),
        @ActivationConfigProperty(propertyName = "ackWaitMillis", propertyValue = "600000")
})
public class GatedConsumerBatch100 extends GatedConsumer {

    @Override
    protected Counter counter() {
        return Counter.GATED_CONSUMER_BATCH_100;
    }
}
