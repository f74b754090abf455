package io.natscap.nats.ra.inbound;

import io.natscap.nats.NatsAdapterStatus;
import io.natscap.nats.StreamDefinition;
import io.natscap.nats.ra.ConnectionProperties;
import io.natscap.nats.ra.ConnectionSettings;
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
import java.util.List;
import java.util.logging.Logger;

/**
 * nats-ra's entry point for the container. Outbound connections need nothing from it (each
 * pooled connection owns its jnats connection), so it lives with what it does: feeding
 * message-driven beans through {@link InboundEndpoints}. Its properties ({@link ConnectionProperties}) are what MDBs connect
 * with unless their activation config says otherwise ({@code create-resource-adapter-config --property servers=...  nats-ra}).
 */
@Connector(
        displayName = "natscap NATS resource adapter",
        description = "Pooled NATS connections that are never handed out closed, and message-driven beans fed from NATS",
        vendorName = "natscap",
        eisType = "NATS",
        version = "0.1",
        transactionSupport = TransactionSupport.TransactionSupportLevel.NoTransaction,
        reauthenticationSupport = false)
public class NatsResourceAdapter extends ConnectionProperties implements ResourceAdapter {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(NatsResourceAdapter.class.getName());
    static final String DEFAULT_CONNECTION_NAME = "natscap-inbound";

    /** The adapter's own: its message-driven beans' connections are named "{@code <this> <bean>}". */
    @ConfigProperty(defaultValue = DEFAULT_CONNECTION_NAME,
            description = "Prefix of the connection names of message-driven beans, shown by the server's monitoring (connz)")
    private String connectionName = DEFAULT_CONNECTION_NAME;

    /** The adapter's own: what a bean's stream gets when the bean creates it (a cluster wants 3). */
    @ConfigProperty(defaultValue = "1",
            description = "Replicas of the streams that message-driven beans create when missing, 1 to 5 (3 in a cluster)")
    private Integer streamReplicas = 1;

    private transient volatile InboundEndpoints inbound;

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

    /**
     * The message-driven beans this adapter feeds now, with their consumers' state read from the
     * server; empty before {@link #start} and after {@link #stop}.
     */
    public List<NatsAdapterStatus.Endpoint> endpoints() {
        InboundEndpoints current = inbound;
        return current == null ? List.of() : current.status();
    }

    /** What an activation spec falls back to: these properties, defaults where unset. */
    ConnectionSettings defaults() {
        return resolve(connectionName, ConnectionSettings.DEFAULTS);
    }

    public Integer getStreamReplicas() {
        return streamReplicas;
    }

    public void setStreamReplicas(Integer streamReplicas) {
        if (streamReplicas == null || streamReplicas < 1 || streamReplicas > StreamDefinition.MAX_REPLICAS) {
            throw new IllegalArgumentException("nats-ra's streamReplicas must be 1 to " + StreamDefinition.MAX_REPLICAS
                    + ", was " + streamReplicas);
        }
        this.streamReplicas = streamReplicas;
    }

    public String getConnectionName() {
        return connectionName;
    }

    public void setConnectionName(String connectionName) {
        this.connectionName = connectionName;
    }

    @Override
    public String toString() {
        return "NatsResourceAdapter[" + defaults() + "]";
    }
}
