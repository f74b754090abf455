package io.natscap.nats.ra.outbound;

import io.natscap.nats.NatsConnection;
import io.natscap.nats.NatsConnectionFactory;
import io.natscap.nats.NatsConnectionState;
import io.natscap.nats.NatsResourceException;
import io.natscap.testing.NatsTestServer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnreachableServerTest {

    @Test
    void borrowingWithNoServerFailsNamingItAndWorksOnceTheServerIsUp() throws Exception {
        int port = NatsTestServer.freePort();
        String url = "nats://127.0.0.1:" + port;
        ContainerLikePool pool = new ContainerLikePool();
        NatsConnectionFactory factory = (NatsConnectionFactory) Factories.forUrl(url).createConnectionFactory(pool);

        NatsResourceException error = assertThrows(NatsResourceException.class, factory::getConnection);
        assertTrue(error.getMessage().startsWith("Cannot connect to NATS"), error.getMessage());
        assertTrue(error.getMessage().contains(url), "names the server: " + error.getMessage());
        assertEquals(url, error.servers());
        assertEquals(NatsConnectionState.CLOSED, error.state());

        try (NatsTestServer server = NatsTestServer.startOnPort(port)) {
            try (NatsConnection connection = factory.getConnection()) {
                assertEquals(NatsConnectionState.CONNECTED, connection.state());
                connection.publish("after.start", null, new byte[] {1});
            }
        } finally {
            pool.shutdown();
        }
    }
}
