package io.natscap.nats.ra.outbound;

import io.natscap.nats.NatsAdapterStatus;
import io.natscap.nats.NatsConnection;
import io.natscap.nats.NatsConnectionFactory;
import io.natscap.nats.ra.ConnectionProperties;
import io.natscap.nats.ra.ConnectionSettings;
import io.natscap.nats.ra.inbound.NatsResourceAdapter;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.ConnectionDefinition;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import jakarta.resource.spi.ValidatingManagedConnectionFactory;

import javax.security.auth.Subject;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pool's view of NATS: creates, matches and validates {@link NatsManagedConnection}s. Its
 * properties ({@link ConnectionProperties} and the connection name) are the
 * connector-connection-pool's {@code --property} values (README lists them).
 *
 * <p>The pool contract that keeps dead connections away from applications:
 * {@link #matchManagedConnections} hands back only a usable connection of this configuration, and
 * {@link #getInvalidConnections} names the closed and failed ones (the container calls it when
 * the pool validates connections).
 */
@ConnectionDefinition(
        connectionFactory = NatsConnectionFactory.class,
        connectionFactoryImpl = PooledConnectionFactory.class,
        connection = NatsConnection.class,
        connectionImpl = NatsConnectionHandle.class)
public class NatsManagedConnectionFactory extends ConnectionProperties
        implements ManagedConnectionFactory, ValidatingManagedConnectionFactory, ResourceAdapterAssociation {

    private static final long serialVersionUID = 1L;

    /** The pool's own: the connection name the server's monitoring (connz) shows. */
    @ConfigProperty(defaultValue = ConnectionSettings.DEFAULT_CONNECTION_NAME,
            description = "Connection name shown by the server's monitoring (connz)")
    private String connectionName = ConnectionSettings.DEFAULT_CONNECTION_NAME;

    private transient ResourceAdapter resourceAdapter;
    private transient Set<NatsManagedConnection> opened; // guarded by this
    private transient PrintWriter logWriter;

    /** The current property values as one immutable snapshot (not yet validated), defaults where unset. */
    public ConnectionSettings settings() {
        return resolve(connectionName, ConnectionSettings.DEFAULTS);
    }

    @Override
    public Object createConnectionFactory(ConnectionManager connectionManager) {
        return new PooledConnectionFactory(this, connectionManager);
    }

    /** Outside a container: every borrow opens a connection, every close destroys it. */
    @Override
    public Object createConnectionFactory() {
        return new PooledConnectionFactory(this, new UnpooledConnectionManager());
    }

    @Override
    public ManagedConnection createManagedConnection(Subject subject, ConnectionRequestInfo info) throws ResourceException {
        NatsManagedConnection managed = NatsManagedConnection.open(settings().validate(), opened()::remove);
        opened().add(managed);
        return managed;
    }

    /** The connections this factory opened that the container has not destroyed: the pool's, for {@link #status()}. */
    private Set<NatsManagedConnection> opened() {
        synchronized (this) {
            if (opened == null) {
                opened = ConcurrentHashMap.newKeySet();
            }
            return opened;
        }
    }

    /**
     * The pool's connections (as they are now: call it after giving back what was borrowed to read
     * the streams) and the adapter's message-driven beans, with the streams read before.
     */
    NatsAdapterStatus status(List<NatsAdapterStatus.Stream> streams, String problem) {
        List<NatsAdapterStatus.PooledConnection> connections = opened().stream()
                .map(NatsManagedConnection::status)
                .sorted(Comparator.comparing(c -> String.valueOf(c.server())))
                .toList();
        List<NatsAdapterStatus.Endpoint> endpoints = resourceAdapter instanceof NatsResourceAdapter adapter
                ? adapter.endpoints() : List.of();
        return new NatsAdapterStatus(connections, endpoints, streams, problem);
    }

    /**
     * Payara calls this with a one-element set, also with a connection it has just created: a
     * healthy connection of this configuration matches; a closed or failed one, or one opened
     * with other settings, never does ({@code null} makes the container create a new one).
     */
    @Override
    @SuppressWarnings("rawtypes")
    public ManagedConnection matchManagedConnections(Set candidates, Subject subject, ConnectionRequestInfo info) {
        ConnectionSettings wanted = settings();
        for (Object candidate : candidates) {
            if (candidate instanceof NatsManagedConnection managed
                    && managed.settings().equals(wanted)
                    && managed.isUsable()) {
                return managed;
            }
        }
        return null;
    }

    /** The closed and failed connections among those given: the container destroys them. */
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Set getInvalidConnections(Set connections) {
        Set invalid = new HashSet<>();
        for (Object connection : connections) {
            if (connection instanceof NatsManagedConnection managed && !managed.isUsable()) {
                invalid.add(managed);
            }
        }
        return invalid;
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
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter resourceAdapter) {
        this.resourceAdapter = resourceAdapter;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NatsManagedConnectionFactory that && settings().equals(that.settings());
    }

    @Override
    public int hashCode() {
        return settings().hashCode();
    }

    @Override
    public String toString() {
        return "NatsManagedConnectionFactory" + settings().toString().substring("ConnectionSettings".length());
    }

    public String getConnectionName() {
        return connectionName;
    }

    public void setConnectionName(String connectionName) {
        this.connectionName = connectionName;
    }
}
