package io.natscap.nats.ra.outbound;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ValidatingManagedConnectionFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A connection pool that follows the checkout rules of Payara's ConnectionPool with connection
 * validation on: validate the free connections (getInvalidConnections) and destroy the invalid
 * ones, match a free one with a one-element set, else create one and match it too; give it back
 * on CONNECTION_CLOSED, destroy it on CONNECTION_ERROR_OCCURRED. The Arquillian tests check the
 * same behaviour in the real Payara Micro; this one lets the contract be tested in seconds.
 */
final class ContainerLikePool implements ConnectionManager, ConnectionEventListener {

    private static final long serialVersionUID = 1L;

    private final List<ManagedConnection> free = new ArrayList<>();
    private final List<ManagedConnection> created = new CopyOnWriteArrayList<>();
    private final List<ManagedConnection> destroyed = new CopyOnWriteArrayList<>();
    private final List<ConnectionEvent> errorEvents = new CopyOnWriteArrayList<>();
    private final List<ConnectionEvent> closedEvents = new CopyOnWriteArrayList<>();

    @Override
    @SuppressWarnings("unchecked")
    public synchronized Object allocateConnection(ManagedConnectionFactory factory, ConnectionRequestInfo info)
            throws ResourceException {
        Set<ManagedConnection> invalid = ((ValidatingManagedConnectionFactory) factory).getInvalidConnections(Set.copyOf(free));
        for (ManagedConnection bad : invalid) {
            free.remove(bad);
            destroy(bad);
        }
        for (ManagedConnection candidate : List.copyOf(free)) {
            if (factory.matchManagedConnections(Set.of(candidate), null, info) == candidate) {
                free.remove(candidate);
                return candidate.getConnection(null, info);
            }
        }
        ManagedConnection fresh = factory.createManagedConnection(null, info);
        fresh.addConnectionEventListener(this);
        created.add(fresh);
        if (factory.matchManagedConnections(Set.of(fresh), null, info) != fresh) {
            destroy(fresh);
            throw new ResourceException("a newly created connection did not match its own factory");
        }
        return fresh.getConnection(null, info);
    }

    @Override
    public synchronized void connectionClosed(ConnectionEvent event) {
        closedEvents.add(event);
        ManagedConnection managed = (ManagedConnection) event.getSource();
        if (!destroyed.contains(managed) && !free.contains(managed)) {
            free.add(managed);
        }
    }

    @Override
    public synchronized void connectionErrorOccurred(ConnectionEvent event) {
        ManagedConnection managed = (ManagedConnection) event.getSource();
        free.remove(managed);
        try {
            destroy(managed);
        } finally {
            // recorded once handled: a test that sees the event may count on the connection being destroyed
            errorEvents.add(event);
        }
    }

    private void destroy(ManagedConnection managed) {
        managed.removeConnectionEventListener(this);
        try {
            managed.destroy();
        } catch (ResourceException e) {
            throw new IllegalStateException(e);
        }
        destroyed.add(managed);
    }

    List<ManagedConnection> created() {
        return created;
    }

    List<ManagedConnection> destroyed() {
        return destroyed;
    }

    List<ConnectionEvent> errorEvents() {
        return errorEvents;
    }

    List<ConnectionEvent> closedEvents() {
        return closedEvents;
    }

    synchronized void shutdown() {
        for (ManagedConnection managed : created) {
            if (!destroyed.contains(managed)) {
                destroy(managed);
            }
        }
        free.clear();
    }

    @Override
    public void localTransactionStarted(ConnectionEvent event) {
    }

    @Override
    public void localTransactionCommitted(ConnectionEvent event) {
    }

    @Override
    public void localTransactionRolledback(ConnectionEvent event) {
    }
}
