package io.natscap.it.subscribers;

import io.natscap.cap.CapContext;
import io.natscap.cap.CapSubscriber;
import io.natscap.nats.NatsMessageListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;

/** Answers through the callback the publisher named. */
@MessageDriven(messageListenerInterface = NatsMessageListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "subject", propertyValue = "itsub.quote"),
        @ActivationConfigProperty(propertyName = "stream", propertyValue = "itsub"),
        @ActivationConfigProperty(propertyName = "group", propertyValue = "responder")
})
public class Quotes extends CapSubscriber<OrderCreated> {

    @EJB
    private Received received;

    @Override
    protected Object handle(OrderCreated value, CapContext context) throws Exception {
        return "quote for " + value.orderId;
    }
}
