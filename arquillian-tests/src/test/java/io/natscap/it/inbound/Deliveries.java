package io.natscap.it.inbound;

import io.natscap.nats.NatsMessage;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the test beans received, by name. Bean-managed concurrency: with the default write lock a
 * singleton shared by MDBs and the reading servlet deadlocked (platform notes). Not
 * transactional on purpose: it also remembers deliveries whose transaction rolled back.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class Deliveries {

    private final Map<String, List<Delivery>> byName = new ConcurrentHashMap<>();

    public void record(String name, String bean, NatsMessage message) {
        byName.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(Delivery.of(message, bean));
    }

    public List<Delivery> of(String name) {
        return byName.getOrDefault(name, List.of());
    }
}
