package io.natscap.nats.ra.inbound;

import io.natscap.nats.NatsAdapterStatus;
import io.natscap.nats.ra.ConnectionSettings;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The message-driven beans that are active now, each with its {@link EndpointActivation}. */
final class InboundEndpoints {

    private final BootstrapContext context;
    private final Map<Key, EndpointActivation> active = new ConcurrentHashMap<>();

    InboundEndpoints(BootstrapContext context) {
        this.context = context;
    }

    void activate(MessageEndpointFactory factory, NatsActivationSpec spec, ConnectionSettings adapterDefaults)
            throws ResourceException {
        String bean = beanName(factory);
        try {
            spec.useCapNames(ApplicationConfig.capNames(factory.getEndpointClass(), bean));
        } catch (IllegalArgumentException e) {
            throw new InvalidPropertyException("Message-driven bean " + bean + ": " + e.getMessage());
        }
        spec.check(bean);
        ConnectionSettings settings = spec.settings(bean, adapterDefaults).validate();
        String durable = spec.durableFor(factory.getEndpointClass() == null ? bean : factory.getEndpointClass().getName());
        EndpointActivation activation = new EndpointActivation(factory, spec, bean, durable, settings,
                context.getWorkManager(), transactions(), timer(bean));
        active.put(new Key(factory, spec), activation);
        activation.start();
    }

    void deactivate(MessageEndpointFactory factory, ActivationSpec spec) {
        EndpointActivation activation = active.remove(new Key(factory, spec));
        if (activation != null) {
            activation.stop();
        }
    }

    /** The active beans, sorted by name, each with its consumer's state read from the server now. */
    List<NatsAdapterStatus.Endpoint> status() {
        return active.values().stream()
                .map(EndpointActivation::status)
                .sorted(Comparator.comparing(NatsAdapterStatus.Endpoint::bean))
                .toList();
    }

    void stopAll() {
        for (Key key : active.keySet()) {
            EndpointActivation activation = active.remove(key);
            if (activation != null) {
                activation.stop();
            }
        }
    }

    /** The bean's name as the container knows it (JCA 1.7), else its class. */
    private static String beanName(MessageEndpointFactory factory) {
        try {
            String name = factory.getActivationName();
            if (name != null && !name.isEmpty()) {
                return name;
            }
        } catch (RuntimeException | AbstractMethodError e) {
            // an older container
        }
        return factory.getEndpointClass() == null ? "unnamed-endpoint" : factory.getEndpointClass().getName();
    }

    private TransactionSynchronizationRegistry transactions() {
        try {
            return context.getTransactionSynchronizationRegistry();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** One timer (and so one thread) per bean, cancelled when the bean goes. */
    private java.util.Timer timer(String bean) throws ResourceException {
        try {
            return context.createTimer();
        } catch (UnavailableException e) {
            throw new ResourceException("No timer for message-driven bean " + bean + ": " + e.getMessage(), e);
        }
    }

    private record Key(MessageEndpointFactory factory, ActivationSpec spec) {
    }
}
