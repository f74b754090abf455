package io.natscap.it.subscribers;

import io.natscap.cap.CapContext;
import io.natscap.cap.CapSubscriber;
import io.natscap.nats.NatsMessageListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;

/** Receives the answers of Quotes. */
@MessageDriven(messageListenerInterface = NatsMessageListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "subject", propertyValue = "itsub.quote-replies"),
        @ActivationConfigProperty(propertyName = "stream", propertyValue = "itsub"),
        @ActivationConfigProperty(propertyName = "group", propertyValue = "replies")
})
public class QuoteReplies extends CapSubscriber<String> {

    @EJB
    private Received received;

    @Override
    protected Object handle(String value, CapContext context) throws Exception {
        received.record("replies", Handled.of(this, value, context));
        return null;
    }
}
