package io.natscap.nats.ra.inbound;

import io.natscap.nats.ra.ConnectionSettings;

/** What a bean's subscription connects with in these tests: quick reconnects, for ever. */
final class TestSettings {

    private TestSettings() {
    }

    static ConnectionSettings forServers(String servers, long connectionTimeoutMillis) {
        ConnectionSettings d = ConnectionSettings.withDefaults(servers, "natscap-test", null, null, null, null, null,
                null, null, null);
        return new ConnectionSettings(d.servers(), d.connectionName(), null, null, null, null, null, null, null, null,
                connectionTimeoutMillis, 200, -1, d.pingIntervalMillis(), d.reconnectBufferSize(), 2_000);
    }
}
