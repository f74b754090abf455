package io.natscap.bench.app;

import io.natscap.nats.NatsMessage;
import io.natscap.nats.NatsMessageListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;

/** Case 1, naive pattern: a plain message-driven bean on a durable (no inbox), counting. */
@MessageDriven(messageListenerInterface = NatsMessageListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "subject", propertyValue = Scenarios.NAIVE_SUBJECT),
        @ActivationConfigProperty(propertyName = "stream", propertyValue = Scenarios.NAIVE_STREAM),
        @ActivationConfigProperty(propertyName = "durable", propertyValue = "naive"),
        @ActivationConfigProperty(propertyName = "concurrency", propertyValue = Scenarios.SUBSCRIBER_CONCURRENCY)
})
public class NaiveSubscriber implements NatsMessageListener {

    @Override
    public void onMessage(NatsMessage message) {
        Counter.NAIVE_SUBSCRIBER.increment();
    }
}
