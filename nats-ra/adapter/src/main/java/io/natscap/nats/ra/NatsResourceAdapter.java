package io.natscap.nats.ra;

import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.Connector;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.TransactionSupport;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;

import javax.transaction.xa.XAResource;
import java.io.Serializable;
import java.util.logging.Logger;

/**
 * nats-ra's entry point for the container. Outbound connections need nothing from it: each
 * managed connection owns its jnats connection. Message-driven beans are not fed yet.
 */
@Connector(
        displayName = "natscap NATS resource adapter",
        description = "Pooled NATS connections (jnats) that are never handed out closed",
        vendorName = "natscap",
        eisType = "NATS",
        version = "0.1",
        transactionSupport = TransactionSupport.TransactionSupportLevel.NoTransaction,
        reauthenticationSupport = false)
public class NatsResourceAdapter implements ResourceAdapter, Serializable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(NatsResourceAdapter.class.getName());

    @Override
    public void start(BootstrapContext context) {
        LOG.info("nats-ra started");
    }

    @Override
    public void stop() {
        LOG.info("nats-ra stopped");
    }

    @Override
    public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec) throws ResourceException {
        throw new NotSupportedException("nats-ra does not deliver to message-driven beans in this version");
    }

    @Override
    public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
        // nothing was activated
    }

    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) {
        return new XAResource[0];
    }
}
