package io.natscap.nats.ra;

import io.natscap.nats.ra.inbound.InboundEndpoints;
import io.natscap.nats.ra.inbound.NatsActivationSpec;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.Connector;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.TransactionSupport;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;

import javax.transaction.xa.XAResource;
import java.io.Serializable;
import java.util.logging.Logger;

/**
 * nats-ra's entry point for the container. Outbound connections need nothing from it (each
 * pooled connection owns its jnats connection); message-driven beans are fed through
 * {@link InboundEndpoints}. Its properties are what MDBs connect with unless their activation
 * config says otherwise ({@code create-resource-adapter-config --property servers=...  nats-ra}).
 */
@Connector(
        displayName = "natscap NATS resource adapter",
        description = "Pooled NATS connections that are never handed out closed, and message-driven beans fed from NATS",
        vendorName = "natscap",
        eisType = "NATS",
        version = "0.1",
        transactionSupport = TransactionSupport.TransactionSupportLevel.NoTransaction,
        reauthenticationSupport = false)
public class NatsResourceAdapter implements ResourceAdapter, Serializable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(NatsResourceAdapter.class.getName());

    @ConfigProperty(defaultValue = ConnectionSettings.DEFAULT_SERVERS,
            description = "Comma-separated NATS server URLs that message-driven beans consume from")
    private String servers = ConnectionSettings.DEFAULT_SERVERS;

    @ConfigProperty(description = "User name for message-driven beans' connections")
    private String user;

    @ConfigProperty(confidential = true, description = "Password for message-driven beans' connections")
    private String password;

    @ConfigProperty(confidential = true, description = "Token for message-driven beans' connections")
    private String token;

    @ConfigProperty(description = "NATS credentials file (JWT + NKey seed) for message-driven beans' connections")
    private String credentialsFile;

    @ConfigProperty(description = "TLS trust store path for message-driven beans' connections")
    private String trustStore;

    @ConfigProperty(confidential = true, description = "Password of the TLS trust store")
    private String trustStorePassword;

    @ConfigProperty(description = "TLS key store path (client certificate) for message-driven beans' connections")
    private String keyStore;

    @ConfigProperty(confidential = true, description = "Password of the TLS key store")
    private String keyStorePassword;

    private transient InboundEndpoints inbound;

    @Override
    public void start(BootstrapContext context) {
        inbound = new InboundEndpoints(context);
        LOG.info(() -> "nats-ra started; message-driven beans consume from " + defaults().displayServers() + " unless they name servers");
    }

    @Override
    public void stop() {
        if (inbound != null) {
            inbound.stopAll();
        }
        LOG.info("nats-ra stopped");
    }

    @Override
    public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec) throws ResourceException {
        if (!(spec instanceof NatsActivationSpec natsSpec)) {
            throw new NotSupportedException("nats-ra activates NatsActivationSpec only, not " + spec.getClass().getName());
        }
        inbound.activate(factory, natsSpec, defaults());
    }

    @Override
    public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
        inbound.deactivate(factory, spec);
    }

    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) {
        return new XAResource[0];
    }

    /** What an activation spec falls back to. */
    ConnectionSettings defaults() {
        return ConnectionSettings.withDefaults(servers, "natscap-inbound", user, password, token, credentialsFile,
                trustStore, trustStorePassword, keyStore, keyStorePassword);
    }

    public String getServers() {
        return servers;
    }

    public void setServers(String servers) {
        this.servers = servers;
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

    @Override
    public String toString() {
        return "NatsResourceAdapter[" + defaults() + "]";
    }
}
