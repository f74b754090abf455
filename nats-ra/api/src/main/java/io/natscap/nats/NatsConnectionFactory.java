package io.natscap.nats;

import jakarta.resource.Referenceable;
import jakarta.resource.ResourceException;

import java.io.Serializable;

/**
 * What an application looks up or injects ({@code @Resource(lookup = "jca/nats")}) to borrow a
 * pooled NATS connection. The container owns the pool; nats-ra makes sure that a borrowed
 * connection is never one that has reached jnats' terminal CLOSED state.
 */
public interface NatsConnectionFactory extends Serializable, Referenceable {

    /**
     * Borrows a connection from the pool. Close it (try-with-resources) to give it back.
     *
     * @throws NatsResourceException when no NATS server can be reached; the message names the
     *         servers. Once a server is back, the next call succeeds: nothing to redeploy.
     * @throws ResourceException     when the container cannot hand out a connection (pool
     *                               exhausted, misconfiguration)
     */
    NatsConnection getConnection() throws ResourceException;

    /**
     * The pool's connections, the message-driven beans nats-ra feeds and their consumers, and the
     * streams, read now (for an operator's console). Never throws for an unreachable server: what
     * could not be read is named in {@link NatsAdapterStatus#problem()} and
     * {@link NatsAdapterStatus.Endpoint#problem()}.
     */
    NatsAdapterStatus status();
}
