package io.natscap.nats.ra.outbound;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;

/**
 * The connection manager for use outside an application server (JCA's non-managed mode): no
 * pool, a new connection per borrow, destroyed when the handle closes or the connection fails.
 */
final class UnpooledConnectionManager implements ConnectionManager {

    private static final long serialVersionUID = 1L;

    @Override
    public Object allocateConnection(ManagedConnectionFactory factory, ConnectionRequestInfo info) throws ResourceException {
        ManagedConnection managed = factory.createManagedConnection(null, info);
        managed.addConnectionEventListener(new DestroyWhenDone());
        return managed.getConnection(null, info);
    }

    private static final class DestroyWhenDone implements ConnectionEventListener {
        @Override
        public void connectionClosed(ConnectionEvent event) {
            destroy(event);
        }

        @Override
        public void connectionErrorOccurred(ConnectionEvent event) {
            destroy(event);
        }

        private static void destroy(ConnectionEvent event) {
            try {
                ((ManagedConnection) event.getSource()).destroy();
            } catch (ResourceException ignored) {
                // destroy() of a NatsManagedConnection does not throw
            }
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
}
