package io.natscap.nats.ra.outbound;

import io.natscap.nats.NatsConnection;
import io.natscap.nats.NatsConnectionFactory;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;

import javax.naming.Reference;

/** The {@link NatsConnectionFactory} bound in JNDI: every borrow goes through the container's pool. */
public final class PooledConnectionFactory implements NatsConnectionFactory {

    private static final long serialVersionUID = 1L;

    private final NatsManagedConnectionFactory managedFactory;
    private final ConnectionManager connectionManager;
    private Reference reference;

    PooledConnectionFactory(NatsManagedConnectionFactory managedFactory, ConnectionManager connectionManager) {
        this.managedFactory = managedFactory;
        this.connectionManager = connectionManager;
    }

    @Override
    public NatsConnection getConnection() throws ResourceException {
        return (NatsConnection) connectionManager.allocateConnection(managedFactory, null);
    }

    @Override
    public void setReference(Reference reference) {
        this.reference = reference;
    }

    @Override
    public Reference getReference() {
        return reference;
    }

    @Override
    public String toString() {
        return "NatsConnectionFactory[servers=" + managedFactory.settings().displayServers() + "]";
    }
}
