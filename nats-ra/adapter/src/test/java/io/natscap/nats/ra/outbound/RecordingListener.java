package io.natscap.nats.ra.outbound;

import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands where the container's listener stands, and remembers what it was told. */
final class RecordingListener implements ConnectionEventListener {

    final List<ConnectionEvent> closed = new CopyOnWriteArrayList<>();
    final List<ConnectionEvent> errors = new CopyOnWriteArrayList<>();

    @Override
    public void connectionClosed(ConnectionEvent event) {
        closed.add(event);
    }

    @Override
    public void connectionErrorOccurred(ConnectionEvent event) {
        errors.add(event);
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
