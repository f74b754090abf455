package io.natscap.it.subscribers;

import io.natscap.cap.CapContext;
import io.natscap.cap.CapSubscriber;
import io.natscap.nats.NatsMessageListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;

/** Counts how often the business method really runs. */
@MessageDriven(messageListenerInterface = NatsMessageListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "subject", propertyValue = "itsub.dedup"),
        @ActivationConfigProperty(propertyName = "stream", propertyValue = "itsub"),
        @ActivationConfigProperty(propertyName = "group", propertyValue = "dedup")
})
public class Dedup extends CapSubscriber<OrderCreated> {

    @EJB
    private Received received;

    @Override
    protected Object handle(OrderCreated value, CapContext context) throws Exception {
        received.record("dedup", Handled.of(this, value.orderId, context));
        return null;
    }
}
