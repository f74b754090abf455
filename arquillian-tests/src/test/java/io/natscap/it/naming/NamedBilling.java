package io.natscap.it.naming;

import io.natscap.cap.CapContext;
import io.natscap.cap.CapSubscriber;
import io.natscap.nats.NatsMessageListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Named as a CAP developer names a subscriber: group {@code billing}, topic {@code orders.created};
 * the application's cap.groupNamePrefix, cap.version and cap.topicNamePrefix do the rest.
 */
@MessageDriven(messageListenerInterface = NatsMessageListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "subject", propertyValue = "orders.created"),
        @ActivationConfigProperty(propertyName = "stream", propertyValue = "itname"),
        @ActivationConfigProperty(propertyName = "group", propertyValue = "billing")
})
public class NamedBilling extends CapSubscriber<String> {

    /** The group each message id was handled in, as the subscriber's context tells it. */
    static final Map<Long, String> GROUPS = new ConcurrentHashMap<>();

    @Override
    protected Object handle(String value, CapContext context) {
        GROUPS.put(context.messageId(), context.group());
        return null;
    }
}
