package io.natscap.it.tracing;

import io.natscap.cap.CapContext;
import io.natscap.cap.CapSubscriber;
import io.natscap.nats.NatsMessageListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Group traced.v1: the first attempt at every message fails, the second succeeds. */
@MessageDriven(messageListenerInterface = NatsMessageListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "subject", propertyValue = "ittrace.orders"),
        @ActivationConfigProperty(propertyName = "stream", propertyValue = "ittrace"),
        @ActivationConfigProperty(propertyName = "group", propertyValue = "traced")
})
public class TracedOrders extends CapSubscriber<String> {

    private static final Map<Long, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();

    @Override
    protected Object handle(String value, CapContext context) {
        if (ATTEMPTS.computeIfAbsent(context.messageId(), id -> new AtomicInteger()).incrementAndGet() == 1) {
            throw new IllegalStateException("the first attempt at " + value + " fails on purpose");
        }
        return null;
    }
}
