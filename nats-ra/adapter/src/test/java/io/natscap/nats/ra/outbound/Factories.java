package io.natscap.nats.ra.outbound;

import io.natscap.testing.NatsTestServer;

/** Managed connection factories as a pool's configuration would set them up. */
final class Factories {

    private Factories() {
    }

    /** Reconnects for ever, quickly: the configuration that survives restarts. */
    static NatsManagedConnectionFactory forServer(NatsTestServer server) {
        return forUrl(server.url());
    }

    static NatsManagedConnectionFactory forUrl(String url) {
        NatsManagedConnectionFactory factory = new NatsManagedConnectionFactory();
        factory.setServers(url);
        factory.setConnectionName("natscap-test");
        factory.setReconnectWaitMillis(200L);
        factory.setConnectionTimeoutMillis(1000L);
        return factory;
    }

    /** Gives up after two reconnect attempts: an outage of a few seconds drives it to CLOSED. */
    static NatsManagedConnectionFactory withSmallReconnectBudget(NatsTestServer server) {
        NatsManagedConnectionFactory factory = forServer(server);
        factory.setMaxReconnects(2);
        factory.setReconnectWaitMillis(100L);
        factory.setConnectionTimeoutMillis(500L);
        return factory;
    }
}
