package io.natscap.cap.outbox;

import io.natscap.cap.CapPublishException;
import io.natscap.cap.CapPublisher;
import io.natscap.cap.messages.CapMessage;
import io.natscap.cap.messages.MessageFactory;
import jakarta.ejb.Local;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

/**
 * {@link CapPublisher} as a stateless bean: {@code java:module/CapPublisher}. It joins the
 * caller's transaction (or runs in one of its own); the row is written there, and the message is
 * handed to the dispatcher only once that transaction has committed.
 */
@Stateless(name = "CapPublisher")
@Local(CapPublisher.class)
public class CapPublisherBean implements CapPublisher {

    @Inject
    private MessageFactory messages;

    @Inject
    private Outbox outbox;

    @Override
    public long publish(String name, Object value) {
        return store(name, value, null, null, null);
    }

    @Override
    public long publish(String name, Object value, Map<String, String> headers) {
        return store(name, value, headers, null, null);
    }

    @Override
    public long publish(String name, Object value, String callbackName) {
        return store(name, value, null, callbackName, null);
    }

    @Override
    public long publishDelay(Duration delay, String name, Object value) {
        return store(name, value, null, null, requireDelay(delay, name));
    }

    @Override
    public long publishDelay(Duration delay, String name, Object value, Map<String, String> headers) {
        return store(name, value, headers, null, requireDelay(delay, name));
    }

    private static Duration requireDelay(Duration delay, String name) {
        if (delay == null) {
            throw new CapPublishException("publishDelay of event '" + name + "' needs a delay");
        }
        return delay;
    }

    private long store(String name, Object value, Map<String, String> headers, String callbackName, Duration delay) {
        CapMessage message = messages.create(name, value, headers, callbackName, delay);
        try {
            outbox.store(message, delay);
        } catch (SQLException e) {
            throw new CapPublishException("Cannot store event '" + name + "' in the outbox: " + e.getMessage(), e);
        }
        return message.id();
    }
}
