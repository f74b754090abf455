package io.natscap.it.subscribers;

import io.natscap.cap.RetriesExhausted;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.enterprise.event.Observes;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the test subscribers did, by name; also observes RetriesExhausted. Not transactional on
 * purpose: it also remembers attempts whose transaction rolled back.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class Received {

    private final Map<String, List<Handled>> handled = new ConcurrentHashMap<>();
    private final List<RetriesExhausted> exhausted = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    public void record(String name, Handled run) {
        handled.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(run);
    }

    /** Counts an attempt on a key; returns the count including this one. */
    public int attempt(String key) {
        return attempts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    public List<Handled> of(String name) {
        return handled.getOrDefault(name, List.of());
    }

    public List<RetriesExhausted> exhausted() {
        return List.copyOf(exhausted);
    }

    public void onExhausted(@Observes RetriesExhausted event) {
        exhausted.add(event);
    }
}
