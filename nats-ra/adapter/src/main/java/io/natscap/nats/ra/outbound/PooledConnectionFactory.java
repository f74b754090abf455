package io.natscap.nats.ra.outbound;

import io.nats.client.JetStreamApiException;
import io.natscap.nats.NatsAdapterStatus;
import io.natscap.nats.NatsConnection;
import io.natscap.nats.NatsConnectionFactory;
import io.natscap.nats.NatsResourceException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;

import javax.naming.Reference;
import java.io.IOException;
import java.util.List;

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
    public NatsAdapterStatus status() {
        NatsConnection borrowed;
        try {
            borrowed = getConnection();
        } catch (ResourceException e) {
            return managedFactory.status(List.of(), "no connection can be borrowed: " + e.getMessage());
        }
        List<NatsAdapterStatus.Stream> streams = List.of();
        String problem = null;
        try (borrowed) {
            if (borrowed instanceof NatsConnectionHandle handle) {
                streams = handle.streams();
            } else {
                problem = "the container handed out a " + borrowed.getClass().getName() + ", not nats-ra's connection";
            }
        } catch (NatsResourceException e) {
            problem = "cannot read the streams: " + e.getMessage();
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            problem = "cannot read the streams: " + managedFactory.settings().redact(String.valueOf(e.getMessage()));
        }
        return managedFactory.status(streams, problem); // after the borrowed connection went back
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
