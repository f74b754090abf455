package io.natscap.nats;

import jakarta.resource.ResourceException;

/**
 * Everything that goes wrong on a {@link NatsConnection} or when borrowing one. Checked, as JCA
 * exceptions are; the message always says which servers and what state the connection was in,
 * and never contains a password, token or other secret.
 */
public class NatsResourceException extends ResourceException {

    private static final long serialVersionUID = 1L;

    private final String servers;
    private final NatsConnectionState state;

    public NatsResourceException(String problem, String servers, NatsConnectionState state, Throwable cause) {
        super(problem + " [servers=" + servers + ", state=" + state + "]", cause);
        this.servers = servers;
        this.state = state;
    }

    public NatsResourceException(String problem, String servers, NatsConnectionState state) {
        this(problem, servers, state, null);
    }

    /** The configured server URLs, without credentials. */
    public String servers() {
        return servers;
    }

    /** The connection's state when the failure happened. */
    public NatsConnectionState state() {
        return state;
    }
}
