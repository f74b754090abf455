package io.natscap.bench.app;

import io.natscap.cap.CapContext;
import io.natscap.cap.CapSubscriber;
import io.natscap.nats.NatsMessageListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;

/** Case 1, outbox: the CAP subscriber (inbox included) that counts each event it processed. */
@MessageDriven(messageListenerInterface = NatsMessageListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "subject", propertyValue = Scenarios.OUTBOX_SUBJECT),
        @ActivationConfigProperty(propertyName = "stream", propertyValue = Scenarios.OUTBOX_STREAM),
        @ActivationConfigProperty(propertyName = "group", propertyValue = "bench"),
        @ActivationConfigProperty(propertyName = "concurrency", propertyValue = Scenarios.SUBSCRIBER_CONCURRENCY)
})
public class OutboxSubscriber extends CapSubscriber<BenchEvent> {

    @Override
    protected Object handle(BenchEvent event, CapContext context) {
        Counter.OUTBOX_SUBSCRIBER.increment();
        return null;
    }
}
