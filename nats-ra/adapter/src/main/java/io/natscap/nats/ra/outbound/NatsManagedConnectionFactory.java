package io.natscap.nats.ra.outbound;

import io.natscap.nats.NatsConnection;
import io.natscap.nats.NatsConnectionFactory;
import io.natscap.nats.ra.ConnectionSettings;
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
import java.util.HashSet;
import java.util.Set;

/**
 * The pool's view of NATS: creates, matches and validates {@link NatsManagedConnection}s. Its
 * properties are the connector-connection-pool's {@code --property} values (README lists them).
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
public class NatsManagedConnectionFactory
        implements ManagedConnectionFactory, ValidatingManagedConnectionFactory, ResourceAdapterAssociation {

    private static final long serialVersionUID = 1L;

    @ConfigProperty(defaultValue = ConnectionSettings.DEFAULT_SERVERS,
            description = "Comma-separated NATS server URLs, e.g. nats://host1:4222,nats://host2:4222")
    private String servers = ConnectionSettings.DEFAULT_SERVERS;

    @ConfigProperty(defaultValue = ConnectionSettings.DEFAULT_CONNECTION_NAME,
            description = "Connection name shown by the server's monitoring (connz)")
    private String connectionName = ConnectionSettings.DEFAULT_CONNECTION_NAME;

    @ConfigProperty(description = "User name for user/password authentication")
    private String user;

    @ConfigProperty(confidential = true, description = "Password for user/password authentication")
    private String password;

    @ConfigProperty(confidential = true, description = "Token for token authentication")
    private String token;

    @ConfigProperty(description = "Path of a NATS credentials file (JWT + NKey seed)")
    private String credentialsFile;

    @ConfigProperty(description = "Path of the TLS trust store (JKS or PKCS12)")
    private String trustStore;

    @ConfigProperty(confidential = true, description = "Password of the TLS trust store")
    private String trustStorePassword;

    @ConfigProperty(description = "Path of the TLS key store, for client certificates")
    private String keyStore;

    @ConfigProperty(confidential = true, description = "Password of the TLS key store")
    private String keyStorePassword;

    @ConfigProperty(defaultValue = ConnectionSettings.DEFAULT_CONNECTION_TIMEOUT_MILLIS,
            description = "How long one connection attempt to one server may take, in ms")
    private Long connectionTimeoutMillis = Long.valueOf(ConnectionSettings.DEFAULT_CONNECTION_TIMEOUT_MILLIS);

    @ConfigProperty(defaultValue = ConnectionSettings.DEFAULT_RECONNECT_WAIT_MILLIS,
            description = "Pause between rounds of reconnect attempts over the server list, in ms")
    private Long reconnectWaitMillis = Long.valueOf(ConnectionSettings.DEFAULT_RECONNECT_WAIT_MILLIS);

    @ConfigProperty(defaultValue = ConnectionSettings.DEFAULT_MAX_RECONNECTS,
            description = "Reconnect attempts before the connection closes for good; -1 = for ever")
    private Integer maxReconnects = Integer.valueOf(ConnectionSettings.DEFAULT_MAX_RECONNECTS);

    @ConfigProperty(defaultValue = ConnectionSettings.DEFAULT_PING_INTERVAL_MILLIS,
            description = "Interval of client pings that detect a dead server, in ms")
    private Long pingIntervalMillis = Long.valueOf(ConnectionSettings.DEFAULT_PING_INTERVAL_MILLIS);

    @ConfigProperty(defaultValue = ConnectionSettings.DEFAULT_RECONNECT_BUFFER_SIZE,
            description = "Bytes of published messages kept while reconnecting; 0 = none")
    private Long reconnectBufferSize = Long.valueOf(ConnectionSettings.DEFAULT_RECONNECT_BUFFER_SIZE);

    @ConfigProperty(defaultValue = ConnectionSettings.DEFAULT_JETSTREAM_TIMEOUT_MILLIS,
            description = "How long a JetStream publish or management request waits for the server, in ms")
    private Long jetStreamTimeoutMillis = Long.valueOf(ConnectionSettings.DEFAULT_JETSTREAM_TIMEOUT_MILLIS);

    private transient ResourceAdapter resourceAdapter;
    private transient PrintWriter logWriter;

    /** The current property values as one immutable snapshot (not yet validated). */
    public ConnectionSettings settings() {
        return new ConnectionSettings(ConnectionSettings.splitServers(servers), connectionName, user, password, token,
                credentialsFile, trustStore, trustStorePassword, keyStore, keyStorePassword,
                connectionTimeoutMillis, reconnectWaitMillis, maxReconnects, pingIntervalMillis, reconnectBufferSize,
                jetStreamTimeoutMillis);
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
        return NatsManagedConnection.open(settings().validate());
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

    // --- JavaBean properties, set by the container from the pool's configuration -------------

    public String getServers() {
        return servers;
    }

    public void setServers(String servers) {
        this.servers = servers;
    }

    public String getConnectionName() {
        return connectionName;
    }

    public void setConnectionName(String connectionName) {
        this.connectionName = connectionName;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getToken() {
        return token;
    }

    public void setToken(String token) {
        this.token = token;
    }

    public String getCredentialsFile() {
        return credentialsFile;
    }

    public void setCredentialsFile(String credentialsFile) {
        this.credentialsFile = credentialsFile;
    }

    public String getTrustStore() {
        return trustStore;
    }

    public void setTrustStore(String trustStore) {
        this.trustStore = trustStore;
    }

    public String getTrustStorePassword() {
        return trustStorePassword;
    }

    public void setTrustStorePassword(String trustStorePassword) {
        this.trustStorePassword = trustStorePassword;
    }

    public String getKeyStore() {
        return keyStore;
    }

    public void setKeyStore(String keyStore) {
        this.keyStore = keyStore;
    }

    public String getKeyStorePassword() {
        return keyStorePassword;
    }

    public void setKeyStorePassword(String keyStorePassword) {
        this.keyStorePassword = keyStorePassword;
    }

    public Long getConnectionTimeoutMillis() {
        return connectionTimeoutMillis;
    }

    public void setConnectionTimeoutMillis(Long connectionTimeoutMillis) {
        this.connectionTimeoutMillis = connectionTimeoutMillis;
    }

    public Long getReconnectWaitMillis() {
        return reconnectWaitMillis;
    }

    public void setReconnectWaitMillis(Long reconnectWaitMillis) {
        this.reconnectWaitMillis = reconnectWaitMillis;
    }

    public Integer getMaxReconnects() {
        return maxReconnects;
    }

    public void setMaxReconnects(Integer maxReconnects) {
        this.maxReconnects = maxReconnects;
    }

    public Long getPingIntervalMillis() {
        return pingIntervalMillis;
    }

    public void setPingIntervalMillis(Long pingIntervalMillis) {
        this.pingIntervalMillis = pingIntervalMillis;
    }

    public Long getReconnectBufferSize() {
        return reconnectBufferSize;
    }

    public void setReconnectBufferSize(Long reconnectBufferSize) {
        this.reconnectBufferSize = reconnectBufferSize;
    }

    public Long getJetStreamTimeoutMillis() {
        return jetStreamTimeoutMillis;
    }

    public void setJetStreamTimeoutMillis(Long jetStreamTimeoutMillis) {
        this.jetStreamTimeoutMillis = jetStreamTimeoutMillis;
    }
}
