package io.natscap.cap.diagnostics;

import io.natscap.cap.CapObserver;
import io.natscap.cap.messages.CapTimes;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The application's observers as one: each call goes to every observer, and an observer that
 * throws is logged (once per observer) and otherwise ignored, so that metrics never change a
 * delivery. With no observer every call costs a check of an empty list.
 */
public final class Observers {

    private static final Logger LOG = Logger.getLogger(Observers.class.getName());

    /** No observer: what natscap uses outside a container and when the application has none. */
    public static final Observers NONE = new Observers(List.of());

    private final List<CapObserver> observers;
    private final Set<CapObserver> failing = ConcurrentHashMap.newKeySet();

    public Observers(List<CapObserver> observers) {
        this.observers = List.copyOf(observers);
    }

    public void published(String name) {
        tell(o -> o.published(name));
    }

    /** {@code publishedAt}: when the message was published (its id's time). */
    public void sent(String name, Instant publishedAt) {
        if (!observers.isEmpty()) {
            Duration since = Duration.between(publishedAt, Instant.now());
            tell(o -> o.sent(name, since));
        }
    }

    public void sendFailed(String name, boolean givenUp) {
        tell(o -> o.sendFailed(name, givenUp));
    }

    public void connectionBorrowed(long startNanos) {
        if (!observers.isEmpty()) {
            Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
            tell(o -> o.connectionBorrowed(took));
        }
    }

    public void received(String name, String group) {
        tell(o -> o.received(name, group));
    }

    /** {@code sentTime}: the message's cap-senttime header (CAP's form or ISO-8601, see {@link CapTimes}), or null. */
    public void succeeded(String name, String group, String sentTime) {
        if (!observers.isEmpty()) {
            Duration since = sinceSent(sentTime);
            tell(o -> o.succeeded(name, group, since));
        }
    }

    public void subscriberFailed(String name, String group, boolean givenUp) {
        tell(o -> o.subscriberFailed(name, group, givenUp));
    }

    public void reExecuted(String name, String group) {
        tell(o -> o.reExecuted(name, group));
    }

    private static Duration sinceSent(String sentTime) {
        if (sentTime == null) {
            return null;
        }
        // CAP's form has no zone: it is taken in this server's, as CAP .NET takes it in its own
        Instant sent = CapTimes.parseSentTime(sentTime, ZoneId.systemDefault());
        return sent == null ? null : Duration.between(sent, Instant.now());
    }

    private void tell(Consumer<CapObserver> call) {
        for (CapObserver observer : observers) {
            try {
                call.accept(observer);
            } catch (RuntimeException e) {
                if (failing.add(observer)) {
                    LOG.log(Level.WARNING, "The CapObserver " + observer.getClass().getName()
                            + " failed; natscap goes on without what it wanted to record (logged once)", e);
                }
            }
        }
    }
}
