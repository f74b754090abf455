package io.natscap.nats;

/**
 * The state of a NATS connection, as jnats reports it. Only {@link #CLOSED} is terminal: a
 * DISCONNECTED or RECONNECTING connection buffers what is published and sends it after the
 * reconnect, while a CLOSED one never comes back and is removed from the pool.
 */
public enum NatsConnectionState {
    CONNECTING,
    CONNECTED,
    DISCONNECTED,
    RECONNECTING,
    CLOSED
}
