package io.natscap.it.subscribers;

import io.natscap.cap.CapContext;
import io.natscap.cap.CapSubscriber;
import io.natscap.nats.NatsMessageListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;

/** Group audit.v1: gets every message, also those of a CAP .NET producer. */
@MessageDriven(messageListenerInterface = NatsMessageListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "subject", propertyValue = "itsub.orders.created"),
        @ActivationConfigProperty(propertyName = "stream", propertyValue = "itsub"),
        @ActivationConfigProperty(propertyName = "group", propertyValue = "audit")
})
public class AuditTrail extends CapSubscriber<OrderCreated> {

    @EJB
    private Received received;

    @Override
    protected Object handle(OrderCreated value, CapContext context) throws Exception {
        received.record("audit", Handled.of(this, value.orderId, context));
        return null;
    }
}
