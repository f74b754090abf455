package io.natscap.cap.outbox;

import io.natscap.cap.CapObserver;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** An application's CapObserver as a test writes one: it counts what it is told, by event and key. */
final class CountingObserver implements CapObserver {

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    final List<Duration> sendLatencies = new CopyOnWriteArrayList<>();
    final List<Duration> subscriberLatencies = new CopyOnWriteArrayList<>();

    /** How often {@code event} was told about {@code key} ("name" or "name/group"; "" for a borrow). */
    long count(String event, String key) {
        AtomicLong count = counts.get(event + " " + key);
        return count == null ? 0 : count.get();
    }

    private void add(String event, String key) {
        counts.computeIfAbsent(event + " " + key, k -> new AtomicLong()).incrementAndGet();
    }

    @Override
    public void published(String name) {
        add("published", name);
    }

    @Override
    public void sent(String name, Duration sincePublished) {
        add("sent", name);
        sendLatencies.add(sincePublished);
    }

    @Override
    public void sendFailed(String name, boolean givenUp) {
        add(givenUp ? "givenUp" : "sendFailed", name);
    }

    @Override
    public void connectionBorrowed(Duration took) {
        add("borrowed", "");
    }

    @Override
    public void received(String name, String group) {
        add("received", name + "/" + group);
    }

    @Override
    public void succeeded(String name, String group, Duration sinceSent) {
        add("succeeded", name + "/" + group);
        if (sinceSent != null) {
            subscriberLatencies.add(sinceSent);
        }
    }

    @Override
    public void subscriberFailed(String name, String group, boolean givenUp) {
        add(givenUp ? "subscriberGivenUp" : "subscriberFailed", name + "/" + group);
    }

    @Override
    public void reExecuted(String name, String group) {
        add("reExecuted", name + "/" + group);
    }

    @Override
    public String toString() {
        return counts.toString();
    }
}
