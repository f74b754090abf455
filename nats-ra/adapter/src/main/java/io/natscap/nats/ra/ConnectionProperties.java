package io.natscap.nats.ra;

import jakarta.resource.spi.ConfigProperty;

import java.io.Serializable;

/**
 * How to reach NATS, as the container configures it: the one declaration of the connection
 * properties, shared by the resource adapter (what message-driven beans connect with), the
 * managed connection factory (a pool's {@code --property} values) and the activation spec (a
 * bean's own servers or credentials). Payara and GlassFish read the {@code @ConfigProperty}
 * metadata of a superclass when the concrete class declares one of its own (ConfigPropertyHandler
 * walks the superclasses then), so each subclass keeps at least one property of its own.
 *
 * <p>The annotations are on the setters and carry no {@code defaultValue}: a property the
 * container leaves unset stays null and falls back (to the adapter's setting for a bean, to
 * {@link ConnectionSettings}' defaults otherwise). Secrets are marked confidential.
 */
public abstract class ConnectionProperties implements Serializable {

    private static final long serialVersionUID = 1L;

    private String servers;
    private String user;
    private String password;
    private String token;
    private String credentialsFile;
    private String trustStore;
    private String trustStorePassword;
    private String keyStore;
    private String keyStorePassword;
    private Long connectionTimeoutMillis;
    private Long reconnectWaitMillis;
    private Integer maxReconnects;
    private Long pingIntervalMillis;
    private Long reconnectBufferSize;
    private Long jetStreamTimeoutMillis;

    /**
     * These properties where they are set, {@code fallback}'s where they are not. Credentials
     * are never mixed: when any of user, password, token or credentials file is set here, all of them come
     * from here.
     */
    protected ConnectionSettings resolve(String connectionName, ConnectionSettings fallback) {
        boolean ownCredentials = ConnectionSettings.isSet(user) || ConnectionSettings.isSet(password)
                || ConnectionSettings.isSet(token) || ConnectionSettings.isSet(credentialsFile);
        // a store and its password go together, as the credentials do
        boolean ownTrustStore = trustStore != null || trustStorePassword != null;
        boolean ownKeyStore = keyStore != null || keyStorePassword != null;
        return new ConnectionSettings(
                servers == null ? fallback.servers() : ConnectionSettings.splitServers(servers),
                connectionName,
                ownCredentials ? user : fallback.user(),
                ownCredentials ? password : fallback.password(),
                ownCredentials ? token : fallback.token(),
                ownCredentials ? credentialsFile : fallback.credentialsFile(),
                ownTrustStore ? trustStore : fallback.trustStore(),
                ownTrustStore ? trustStorePassword : fallback.trustStorePassword(),
                ownKeyStore ? keyStore : fallback.keyStore(),
                ownKeyStore ? keyStorePassword : fallback.keyStorePassword(),
                or(connectionTimeoutMillis, fallback.connectionTimeoutMillis()),
                or(reconnectWaitMillis, fallback.reconnectWaitMillis()),
                or(maxReconnects, fallback.maxReconnects()),
                or(pingIntervalMillis, fallback.pingIntervalMillis()),
                or(reconnectBufferSize, fallback.reconnectBufferSize()),
                or(jetStreamTimeoutMillis, fallback.jetStreamTimeoutMillis()));
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    /** The servers as they may be shown (user info in a URL hidden), or null when not set. */
    protected String displayServers() {
        return servers == null ? null : ConnectionSettings.hideUserInfo(servers);
    }

    // --- JavaBean properties --------------------------------------------------------------

    public String getServers() {
        return servers;
    }

    @ConfigProperty(description = "Comma-separated NATS server URLs, e.g. nats://host1:4222,nats://host2:4222"
            + " (default nats://127.0.0.1:4222)")
    public void setServers(String servers) {
        this.servers = servers;
    }

    public String getUser() {
        return user;
    }

    @ConfigProperty(description = "User name for user/password authentication")
    public void setUser(String user) {
        this.user = user;
    }

    public String getPassword() {
        return password;
    }

    @ConfigProperty(confidential = true, description = "Password for user/password authentication")
    public void setPassword(String password) {
        this.password = password;
    }

    public String getToken() {
        return token;
    }

    @ConfigProperty(confidential = true, description = "Token for token authentication")
    public void setToken(String token) {
        this.token = token;
    }

    public String getCredentialsFile() {
        return credentialsFile;
    }

    @ConfigProperty(description = "Path of a NATS credentials file (JWT + NKey seed)")
    public void setCredentialsFile(String credentialsFile) {
        this.credentialsFile = credentialsFile;
    }

    public String getTrustStore() {
        return trustStore;
    }

    @ConfigProperty(description = "Path of the TLS trust store (JKS or PKCS12)")
    public void setTrustStore(String trustStore) {
        this.trustStore = trustStore;
    }

    public String getTrustStorePassword() {
        return trustStorePassword;
    }

    @ConfigProperty(confidential = true, description = "Password of the TLS trust store")
    public void setTrustStorePassword(String trustStorePassword) {
        this.trustStorePassword = trustStorePassword;
    }

    public String getKeyStore() {
        return keyStore;
    }

    @ConfigProperty(description = "Path of the TLS key store, for client certificates")
    public void setKeyStore(String keyStore) {
        this.keyStore = keyStore;
    }

    public String getKeyStorePassword() {
        return keyStorePassword;
    }

    @ConfigProperty(confidential = true, description = "Password of the TLS key store")
    public void setKeyStorePassword(String keyStorePassword) {
        this.keyStorePassword = keyStorePassword;
    }

    public Long getConnectionTimeoutMillis() {
        return connectionTimeoutMillis;
    }

    @ConfigProperty(description = "How long one connection attempt to one server may take, in ms (default 2000)")
    public void setConnectionTimeoutMillis(Long connectionTimeoutMillis) {
        this.connectionTimeoutMillis = connectionTimeoutMillis;
    }

    public Long getReconnectWaitMillis() {
        return reconnectWaitMillis;
    }

    @ConfigProperty(description = "Pause between rounds of reconnect attempts over the server list, in ms (default 2000)")
    public void setReconnectWaitMillis(Long reconnectWaitMillis) {
        this.reconnectWaitMillis = reconnectWaitMillis;
    }

    public Integer getMaxReconnects() {
        return maxReconnects;
    }

    @ConfigProperty(description = "Reconnect attempts before the connection closes for good; -1 = for ever (default -1)")
    public void setMaxReconnects(Integer maxReconnects) {
        this.maxReconnects = maxReconnects;
    }

    public Long getPingIntervalMillis() {
        return pingIntervalMillis;
    }

    @ConfigProperty(description = "Interval of client pings that detect a dead server, in ms (default 120000)")
    public void setPingIntervalMillis(Long pingIntervalMillis) {
        this.pingIntervalMillis = pingIntervalMillis;
    }

    public Long getReconnectBufferSize() {
        return reconnectBufferSize;
    }

    @ConfigProperty(description = "Bytes of published messages kept while reconnecting; 0 = none (default 8388608)")
    public void setReconnectBufferSize(Long reconnectBufferSize) {
        this.reconnectBufferSize = reconnectBufferSize;
    }

    public Long getJetStreamTimeoutMillis() {
        return jetStreamTimeoutMillis;
    }

    @ConfigProperty(description = "How long a JetStream publish, management or consumer request waits for the server, in ms (default 5000)")
    public void setJetStreamTimeoutMillis(Long jetStreamTimeoutMillis) {
        this.jetStreamTimeoutMillis = jetStreamTimeoutMillis;
    }
}
