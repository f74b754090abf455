package io.natscap.it.console;

import io.natscap.cap.CapContext;
import io.natscap.cap.CapSubscriber;
import io.natscap.nats.NatsMessageListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Group payments.v1: throws while the fault is on; one delivery per message (maxDeliver 1), so a
 * failure stays Failed until an operator re-executes it. Counts the successful runs per value.
 */
@MessageDriven(messageListenerInterface = NatsMessageListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "subject", propertyValue = "itconsole.payments"),
        @ActivationConfigProperty(propertyName = "stream", propertyValue = "itconsole"),
        @ActivationConfigProperty(propertyName = "maxDeliver", propertyValue = "1"),
        @ActivationConfigProperty(propertyName = "group", propertyValue = "payments")
})
public class FaultyPayments extends CapSubscriber<String> {

    static final AtomicBoolean FAULT = new AtomicBoolean();
    static final Map<String, AtomicInteger> SUCCEEDED = new ConcurrentHashMap<>();

    @Override
    protected Object handle(String value, CapContext context) {
        if (FAULT.get()) {
            throw new IllegalStateException("the payment provider is down, cannot pay " + value);
        }
        SUCCEEDED.computeIfAbsent(value, v -> new AtomicInteger()).incrementAndGet();
        return null;
    }
}
