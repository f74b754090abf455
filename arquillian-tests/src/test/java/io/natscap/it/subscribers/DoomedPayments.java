package io.natscap.it.subscribers;

import io.natscap.cap.CapContext;
import io.natscap.cap.CapSubscriber;
import io.natscap.nats.NatsMessageListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;

/** Always fails on orders named bad-*; at most 3 deliveries. */
@MessageDriven(messageListenerInterface = NatsMessageListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "subject", propertyValue = "itsub.doomed"),
        @ActivationConfigProperty(propertyName = "stream", propertyValue = "itsub"),
        @ActivationConfigProperty(propertyName = "maxDeliver", propertyValue = "3"),
        @ActivationConfigProperty(propertyName = "group", propertyValue = "doomed")
})
public class DoomedPayments extends CapSubscriber<OrderCreated> {

    @EJB
    private Received received;

    @Override
    protected Object handle(OrderCreated value, CapContext context) throws Exception {
        if (value.orderId.startsWith("bad")) {
            received.attempt("doomed:" + value.orderId);
            throw new IllegalArgumentException("cannot pay " + value.orderId);
        }
        received.record("doomed-good", Handled.of(this, value.orderId, context));
        return null;
    }
}
