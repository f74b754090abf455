package io.natscap.bench.app;

import io.natscap.cap.CapContext;
import io.natscap.cap.CapSubscriber;
import io.natscap.nats.NatsMessageListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;

/**
 * Case 3b: a CAP subscriber (inbox included) whose business method writes one row, in the bean's
 * transaction, as {@link Scenarios#consume}'s hand-written consumer does in its UserTransaction.
 * It waits at the {@link Gate} while its backlog is published.
 */
@MessageDriven(messageListenerInterface = NatsMessageListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "subject", propertyValue = Scenarios.CONSUME_CAP_SUBJECT),
        @ActivationConfigProperty(propertyName = "stream", propertyValue = Scenarios.CONSUME_STREAM),
        @ActivationConfigProperty(propertyName = "group", propertyValue = "benchconsume"),
        @ActivationConfigProperty(propertyName = "concurrency", propertyValue = Scenarios.SUBSCRIBER_CONCURRENCY),
        @ActivationConfigProperty(propertyName = "ackWaitMillis", propertyValue = "600000")
})
public class GatedCapSubscriber extends CapSubscriber<BenchEvent> {

    @EJB
    private Transactions transactions;

    @Override
    protected Object handle(BenchEvent event, CapContext context) throws Exception {
        Gate.pass();
        transactions.insertConsumed(Long.toString(context.messageId()), event);
        Counter.GATED_CAP_SUBSCRIBER.increment();
        return null;
    }
}
