package io.natscap.nats.ra.outbound;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.natscap.nats.JetStreamAck;
import io.natscap.nats.NatsAdapterStatus;
import io.natscap.nats.NatsConnection;
import io.natscap.nats.NatsConnectionState;
import io.natscap.nats.NatsMessage;
import io.natscap.nats.NatsResourceException;
import io.natscap.nats.StreamDefinition;
import io.natscap.nats.ra.ReceivedMessage;
import io.natscap.nats.ra.Streams;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * What the application holds: a thin, closeable view of a {@link NatsManagedConnection}. Every
 * call first checks that the physical connection is alive; jnats' own "Connection is Closed"
 * never reaches the application, a {@link NatsResourceException} does, and the container learns
 * that the connection is dead.
 */
public final class NatsConnectionHandle implements NatsConnection {

    private volatile NatsManagedConnection managed;
    private volatile boolean closed;
    /** Kept for the message of a call on a closed handle, when no managed connection is left. */
    private volatile String servers;

    NatsConnectionHandle(NatsManagedConnection managed) {
        this.managed = managed;
        this.servers = managed.settings().displayServers();
    }

    @Override
    public void publish(String subject, Map<String, String> headers, byte[] body) throws NatsResourceException {
        NatsManagedConnection mc = open();
        Connection connection = mc.liveConnection();
        try {
            connection.publish(subject, toHeaders(headers), body);
        } catch (IllegalStateException e) {
            throw mc.closed(e);
        } catch (IllegalArgumentException e) {
            throw failure(mc, "Cannot publish to '" + subject + "': " + e.getMessage(), e);
        }
    }

    @Override
    public JetStreamAck jetStreamPublish(String subject, Map<String, String> headers, byte[] body, String messageId)
            throws NatsResourceException {
        NatsManagedConnection mc = open();
        try {
            PublishAck ack = mc.jetStream().publish(subject, toHeaders(headers), body, publishOptions(messageId));
            return new JetStreamAck(ack.getStream(), ack.getSeqno(), ack.isDuplicate());
        } catch (IllegalStateException e) {
            throw mc.closed(e);
        } catch (IOException | JetStreamApiException | IllegalArgumentException e) {
            throw failure(mc, "JetStream publish to '" + subject + "' failed: " + e.getMessage(), e);
        }
    }

    @Override
    public CompletableFuture<JetStreamAck> jetStreamPublishAsync(String subject, Map<String, String> headers,
                                                                 byte[] body, String messageId) throws NatsResourceException {
        NatsManagedConnection mc = open();
        CompletableFuture<PublishAck> pending;
        try {
            pending = mc.jetStream().publishAsync(subject, toHeaders(headers), body, publishOptions(messageId));
        } catch (IllegalStateException e) {
            throw mc.closed(e);
        } catch (IOException | IllegalArgumentException e) {
            throw failure(mc, "JetStream publish to '" + subject + "' failed: " + e.getMessage(), e);
        }
        CompletableFuture<JetStreamAck> result = new CompletableFuture<>();
        pending.whenComplete((ack, error) -> {
            if (error == null) {
                result.complete(new JetStreamAck(ack.getStream(), ack.getSeqno(), ack.isDuplicate()));
            } else {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                result.completeExceptionally(failure(mc, "JetStream publish to '" + subject + "' failed: " + cause.getMessage(), cause));
            }
        });
        return result;
    }

    @Override
    public NatsMessage request(String subject, Map<String, String> headers, byte[] body, Duration timeout)
            throws NatsResourceException {
        NatsManagedConnection mc = open();
        Connection connection = mc.liveConnection();
        try {
            CompletableFuture<Message> reply = connection.requestWithTimeout(subject, toHeaders(headers), body, timeout);
            return ReceivedMessage.of(reply.get(timeout.toMillis() + 100, java.util.concurrent.TimeUnit.MILLISECONDS));
        } catch (TimeoutException | CancellationException e) {
            // CancellationException first: it is an IllegalStateException, yet means "no reply", not "closed"
            throw failure(mc, "No reply on '" + subject + "' within " + timeout.toMillis() + " ms", null);
        } catch (IllegalStateException e) {
            throw mc.closed(e);
        } catch (IllegalArgumentException e) {
            throw failure(mc, "Cannot send request to '" + subject + "': " + e.getMessage(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String why = cause instanceof CancellationException || cause instanceof TimeoutException
                    ? "No reply on '" + subject + "' within " + timeout.toMillis() + " ms (no responder?)"
                    : "Request to '" + subject + "' failed: " + cause;
            throw failure(mc, why, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(mc, "Interrupted while waiting for a reply on '" + subject + "'", e);
        }
    }

    @Override
    public StreamDefinition ensureStream(StreamDefinition wanted) throws NatsResourceException {
        NatsManagedConnection mc = open();
        try {
            return Streams.ensure(mc.jetStreamManagement(), wanted);
        } catch (IllegalStateException e) {
            throw mc.closed(e);
        } catch (IOException | JetStreamApiException | IllegalArgumentException e) {
            throw failure(mc, "Cannot create or update stream '" + wanted.name() + "' with subjects "
                    + wanted.subjects() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<StreamDefinition> stream(String name) throws NatsResourceException {
        NatsManagedConnection mc = open();
        try {
            return Streams.read(mc.jetStreamManagement(), name);
        } catch (IllegalStateException e) {
            throw mc.closed(e);
        } catch (IOException | JetStreamApiException e) {
            throw failure(mc, "Cannot read stream '" + name + "': " + e.getMessage(), e);
        }
    }

    @Override
    public long maxPayload() throws NatsResourceException {
        return open().liveConnection().getMaxPayload();
    }

    @Override
    public NatsConnectionState state() {
        NatsManagedConnection mc = managed;
        return closed || mc == null ? NatsConnectionState.CLOSED : mc.state();
    }

    @Override
    public void close() {
        NatsManagedConnection mc;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            mc = managed;
            managed = null;
        }
        if (mc != null) {
            mc.handleClosed(this);
        }
    }

    /** The account's streams, through this handle's connection (for {@link NatsManagedConnectionFactory#status}). */
    List<NatsAdapterStatus.Stream> streams() throws IOException, JetStreamApiException, NatsResourceException {
        return open().streams();
    }

    /** The container moves this handle to another managed connection (connection sharing). */
    synchronized void moveTo(NatsManagedConnection target) {
        NatsManagedConnection previous = managed;
        if (previous != null) {
            previous.detach(this);
        }
        managed = target;
        servers = target.settings().displayServers();
        closed = false;
        target.attach(this);
    }

    /** The container cleaned up the managed connection: this handle is dead without an event. */
    synchronized void invalidate() {
        closed = true;
        managed = null;
    }

    private NatsManagedConnection open() throws NatsResourceException {
        NatsManagedConnection mc = managed;
        if (closed || mc == null) {
            throw new NatsResourceException("This NatsConnection was closed and cannot be used again; "
                    + "borrow a new one from the NatsConnectionFactory", servers, NatsConnectionState.CLOSED);
        }
        return mc;
    }

    private static NatsResourceException failure(NatsManagedConnection mc, String problem, Throwable cause) {
        return new NatsResourceException(mc.settings().redact(problem), mc.settings().displayServers(), mc.state(),
                mc.settings().redact(cause));
    }

    private static PublishOptions publishOptions(String messageId) {
        PublishOptions.Builder options = PublishOptions.builder();
        if (messageId != null && !messageId.isEmpty()) {
            options.messageId(messageId);
        }
        return options.build();
    }

    private static Headers toHeaders(Map<String, String> headers) {
        if (headers == null || headers.isEmpty()) {
            return null;
        }
        Headers natsHeaders = new Headers();
        headers.forEach(natsHeaders::put);
        return natsHeaders;
    }

    @Override
    public String toString() {
        NatsManagedConnection mc = managed;
        return "NatsConnection[" + (closed || mc == null ? "closed handle" : mc.toString()) + "]";
    }
}
