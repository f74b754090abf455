package io.natscap.nats.ra;

import io.nats.client.Connection;
import io.natscap.nats.NatsConnectionState;

/** jnats' connection status in the API's terms. */
public final class ConnectionStates {

    private ConnectionStates() {
    }

    public static NatsConnectionState of(Connection connection) {
        if (connection == null) {
            return NatsConnectionState.CLOSED;
        }
        return switch (connection.getStatus()) {
            case CONNECTED -> NatsConnectionState.CONNECTED;
            case CONNECTING -> NatsConnectionState.CONNECTING;
            case DISCONNECTED -> NatsConnectionState.DISCONNECTED;
            case RECONNECTING -> NatsConnectionState.RECONNECTING;
            case CLOSED -> NatsConnectionState.CLOSED;
        };
    }
}
