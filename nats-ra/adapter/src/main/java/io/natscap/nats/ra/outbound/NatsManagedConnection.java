package io.natscap.nats.ra.outbound;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.natscap.nats.NatsAdapterStatus;
import io.natscap.nats.NatsConnectionState;
import io.natscap.nats.NatsResourceException;
import io.natscap.nats.ra.ConnectionSettings;
import io.natscap.nats.ra.ConnectionStates;
import io.natscap.nats.ra.NatsErrorLog;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;

import javax.security.auth.Subject;
import javax.transaction.xa.XAResource;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One pooled physical connection: one jnats {@link Connection}, watched for the moment it
 * becomes unusable. jnats' CLOSED state is terminal (reconnect budget spent, or closed by the
 * server): this connection then fires {@link ConnectionEvent#CONNECTION_ERROR_OCCURRED}, which
 * makes the container remove and destroy it, so no later borrower is handed a dead connection.
 * DISCONNECTED and RECONNECTING are transient (jnats buffers publishes and resends them) and
 * fire nothing.
 */
public final class NatsManagedConnection implements ManagedConnection {

    private static final Logger LOG = Logger.getLogger(NatsManagedConnection.class.getName());

    private final ConnectionSettings settings;
    private final Set<NatsConnectionHandle> handles = ConcurrentHashMap.newKeySet();
    private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean errorReported = new AtomicBoolean();
    private volatile boolean destroyed;
    private volatile boolean disconnectLogged;
    private volatile Connection connection;
    private volatile JetStream jetStream;
    private volatile JetStreamManagement jetStreamManagement;
    private volatile PrintWriter logWriter;

    private final Consumer<NatsManagedConnection> whenDestroyed;

    private NatsManagedConnection(ConnectionSettings settings, Consumer<NatsManagedConnection> whenDestroyed) {
        this.settings = settings;
        this.whenDestroyed = whenDestroyed;
    }

    /**
     * Connects now; fails fast, naming the servers, when none can be reached.
     *
     * @param whenDestroyed told once, when the container destroys the connection
     */
    static NatsManagedConnection open(ConnectionSettings settings, Consumer<NatsManagedConnection> whenDestroyed)
            throws ResourceException {
        NatsManagedConnection managed = new NatsManagedConnection(settings, whenDestroyed);
        try {
            managed.connection = Nats.connect(settings.toOptions(managed.new StateListener(),
                    new NatsErrorLog("NATS connection '" + settings.connectionName() + "'", settings)));
        } catch (IOException | RuntimeException e) {
            throw new NatsResourceException("Cannot connect to NATS: " + settings.redact(e.getMessage()),
                    settings.displayServers(), NatsConnectionState.CLOSED, settings.redact(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NatsResourceException("Interrupted while connecting to NATS",
                    settings.displayServers(), NatsConnectionState.CLOSED, e);
        }
        LOG.fine(() -> "Opened NATS connection '" + settings.connectionName() + "' to " + managed.connection.getConnectedUrl());
        return managed;
    }

    ConnectionSettings settings() {
        return settings;
    }

    /** This connection as an operator sees it (servers without user info). */
    NatsAdapterStatus.PooledConnection status() {
        Connection c = connection;
        String server = c == null ? null : ConnectionSettings.hideUserInfo(c.getConnectedUrl());
        List<String> known = c == null ? List.of()
                : c.getServers().stream().map(ConnectionSettings::hideUserInfo).toList();
        return new NatsAdapterStatus.PooledConnection(settings.connectionName(), state(), server, !handles.isEmpty(), known);
    }

    /** The account's streams, read from the server now. */
    List<NatsAdapterStatus.Stream> streams() throws IOException, JetStreamApiException, NatsResourceException {
        return jetStreamManagement().getStreams().stream()
                .map(info -> new NatsAdapterStatus.Stream(info.getConfiguration().getName(),
                        info.getConfiguration().getSubjects(), info.getStreamState().getMsgCount(),
                        info.getStreamState().getByteCount(), info.getStreamState().getConsumerCount(),
                        info.getConfiguration().getReplicas()))
                .sorted(Comparator.comparing(NatsAdapterStatus.Stream::name))
                .toList();
    }

    /**
     * Usable means: may be handed to a borrower. A reconnecting connection is usable (what is
     * published waits in the reconnect buffer); a closed, destroyed or failed one never is.
     */
    boolean isUsable() {
        Connection c = connection;
        return !destroyed && !errorReported.get() && c != null && c.getStatus() != Connection.Status.CLOSED;
    }

    NatsConnectionState state() {
        return destroyed ? NatsConnectionState.CLOSED : ConnectionStates.of(connection);
    }

    /**
     * The jnats connection for a handle's call; a closed one is reported to the container before
     * the call fails, so that the pool drops it.
     */
    Connection liveConnection() throws NatsResourceException {
        Connection c = connection;
        if (destroyed || c == null || c.getStatus() == Connection.Status.CLOSED) {
            throw closed(null);
        }
        return c;
    }

    /** A handle's call failed because jnats found the connection closed mid-call. */
    NatsResourceException closed(Throwable cause) {
        NatsResourceException error = new NatsResourceException(
                "The NATS connection '" + settings.connectionName() + "' is closed and will not reconnect; "
                        + "it has been removed from the pool, borrow a new one",
                settings.displayServers(), NatsConnectionState.CLOSED, settings.redact(cause));
        reportError(error);
        return error;
    }

    JetStream jetStream() throws IOException, NatsResourceException {
        JetStream js = jetStream;
        if (js == null) {
            js = liveConnection().jetStream(settings.jetStreamOptions());
            jetStream = js;
        }
        return js;
    }

    JetStreamManagement jetStreamManagement() throws IOException, NatsResourceException {
        JetStreamManagement jsm = jetStreamManagement;
        if (jsm == null) {
            jsm = liveConnection().jetStreamManagement(settings.jetStreamOptions());
            jetStreamManagement = jsm;
        }
        return jsm;
    }

    // --- ManagedConnection ------------------------------------------------------------------

    @Override
    public Object getConnection(Subject subject, ConnectionRequestInfo info) throws ResourceException {
        if (!isUsable()) {
            throw closed(null);
        }
        NatsConnectionHandle handle = new NatsConnectionHandle(this);
        handles.add(handle);
        return handle;
    }

    @Override
    public void associateConnection(Object connection) throws ResourceException {
        if (!(connection instanceof NatsConnectionHandle handle)) {
            throw new ResourceException("Cannot associate " + connection + ": not a nats-ra connection handle");
        }
        handle.moveTo(this);
    }

    void attach(NatsConnectionHandle handle) {
        handles.add(handle);
    }

    void detach(NatsConnectionHandle handle) {
        handles.remove(handle);
    }

    /** The application closed a handle: the container may return this connection to the pool. */
    void handleClosed(NatsConnectionHandle handle) {
        handles.remove(handle);
        ConnectionEvent event = new ConnectionEvent(this, ConnectionEvent.CONNECTION_CLOSED);
        event.setConnectionHandle(handle);
        for (ConnectionEventListener listener : listeners) {
            listener.connectionClosed(event);
        }
    }

    /** Fires CONNECTION_ERROR_OCCURRED once: the container then destroys this connection. */
    void reportError(Exception cause) {
        if (destroyed || !errorReported.compareAndSet(false, true)) {
            return;
        }
        ConnectionEvent event = new ConnectionEvent(this, ConnectionEvent.CONNECTION_ERROR_OCCURRED, cause);
        for (ConnectionEventListener listener : listeners) {
            try {
                listener.connectionErrorOccurred(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "A connection event listener failed on CONNECTION_ERROR_OCCURRED", e);
            }
        }
    }

    @Override
    public void cleanup() {
        for (NatsConnectionHandle handle : handles) {
            handle.invalidate();
        }
        handles.clear();
    }

    @Override
    public void destroy() {
        if (destroyed) {
            return;
        }
        destroyed = true;
        whenDestroyed.accept(this);
        cleanup();
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LOG.fine(() -> "Destroyed NATS connection '" + settings.connectionName() + "'");
    }

    @Override
    public void addConnectionEventListener(ConnectionEventListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeConnectionEventListener(ConnectionEventListener listener) {
        listeners.remove(listener);
    }

    @Override
    public XAResource getXAResource() throws ResourceException {
        throw new NotSupportedException("nats-ra connections take no part in transactions (NoTransaction)");
    }

    @Override
    public LocalTransaction getLocalTransaction() throws ResourceException {
        throw new NotSupportedException("nats-ra connections take no part in transactions (NoTransaction)");
    }

    @Override
    public ManagedConnectionMetaData getMetaData() {
        return new ManagedConnectionMetaData() {
            @Override
            public String getEISProductName() {
                return "NATS";
            }

            @Override
            public String getEISProductVersion() {
                Connection c = connection;
                return c == null || c.getServerInfo() == null ? "unknown" : c.getServerInfo().getVersion();
            }

            @Override
            public int getMaxConnections() {
                return 0;
            }

            @Override
            public String getUserName() {
                return settings.user() == null ? "" : settings.user();
            }
        };
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public String toString() {
        return "NatsManagedConnection[name=" + settings.connectionName() + ", servers=" + settings.displayServers()
                + ", state=" + state() + "]";
    }

    /** jnats' connection events, logged once per change of state, not once per attempt. */
    private final class StateListener implements ConnectionListener {
        /** jnats 2.26 still declares this one abstract, and calls the one below. */
        @Override
        @SuppressWarnings("deprecation")
        public void connectionEvent(Connection conn, Events event) {
            connectionEvent(conn, event, null, null);
        }

        @Override
        public void connectionEvent(Connection conn, Events event, Long time, String uriDetails) {
            switch (event) {
                case DISCONNECTED -> {
                    if (!disconnectLogged && !destroyed) {
                        disconnectLogged = true;
                        LOG.warning(() -> "NATS connection '" + settings.connectionName() + "' lost its server; "
                                + "reconnecting to " + settings.displayServers()
                                + " (maxReconnects=" + settings.maxReconnects() + ")");
                    }
                }
                case RECONNECTED -> {
                    disconnectLogged = false;
                    LOG.info(() -> "NATS connection '" + settings.connectionName() + "' reconnected to "
                            + settings.redact(conn.getConnectedUrl()));
                }
                case CLOSED -> {
                    if (!destroyed) {
                        LOG.warning(() -> "NATS connection '" + settings.connectionName() + "' to "
                                + settings.displayServers() + " is CLOSED and will not reconnect; "
                                + "reporting it to the container so that the pool replaces it");
                        reportError(new NatsResourceException("The NATS connection reached the terminal CLOSED state",
                                settings.displayServers(), NatsConnectionState.CLOSED));
                    }
                }
                default -> {
                    // CONNECTED, RESUBSCRIBED, DISCOVERED_SERVERS, LAME_DUCK: nothing to do for a pool
                }
            }
        }
    }
}
