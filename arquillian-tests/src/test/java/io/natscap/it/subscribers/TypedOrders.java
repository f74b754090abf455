package io.natscap.it.subscribers;

import io.natscap.cap.CapContext;
import io.natscap.cap.CapSubscriber;
import io.natscap.nats.NatsMessageListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;

/** Binds bodies to OrderCreated: malformed ones must not stop it. */
@MessageDriven(messageListenerInterface = NatsMessageListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "subject", propertyValue = "itsub.typed"),
        @ActivationConfigProperty(propertyName = "stream", propertyValue = "itsub"),
        @ActivationConfigProperty(propertyName = "group", propertyValue = "typed")
})
public class TypedOrders extends CapSubscriber<OrderCreated> {

    @EJB
    private Received received;

    @Override
    protected Object handle(OrderCreated value, CapContext context) throws Exception {
        received.record("typed", Handled.of(this, value.orderId, context));
        return null;
    }
}
