package io.natscap.nats.ra.outbound;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.natscap.nats.NatsAdapterStatus;
import io.natscap.nats.NatsConnection;
import io.natscap.nats.NatsConnectionFactory;
import io.natscap.nats.NatsConnectionState;
import io.natscap.testing.NatsTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an operator's console reads of the pool: its connections and the streams, and why not when it cannot. */
class AdapterStatusTest {

    private final ContainerLikePool pool = new ContainerLikePool();
    private NatsTestServer server;

    @AfterEach
    void stop() {
        pool.shutdown();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theStatusListsThePooledConnectionsAndTheStreamsWithTheirSizes() throws Exception {
        server = NatsTestServer.start();
        try (Connection admin = Nats.connect(server.url())) {
            admin.jetStreamManagement().addStream(StreamConfiguration.builder().name("ORDERS")
                    .subjects("orders.>").storageType(StorageType.Memory).build());
            for (int i = 0; i < 3; i++) {
                admin.jetStream().publish("orders.created", ("order-" + i).getBytes(StandardCharsets.UTF_8));
            }
        }
        NatsConnectionFactory factory = (NatsConnectionFactory) Factories.forServer(server).createConnectionFactory(pool);
        try (NatsConnection held = factory.getConnection()) {
            NatsAdapterStatus status = factory.status();

            assertNull(status.problem());
            assertEquals(2, status.connections().size(), "the held one and the one status() borrowed: " + status);
            assertTrue(status.connections().stream().allMatch(c -> c.state() == NatsConnectionState.CONNECTED
                    && c.name().equals("natscap-test") && c.server().endsWith(":" + server.port())), status.toString());
            assertEquals(1, status.connections().stream().filter(NatsAdapterStatus.PooledConnection::borrowed).count(),
                    "only the held connection is borrowed once status() has given its own back: " + status);
            assertEquals(List.of(new NatsAdapterStatus.Stream("ORDERS", List.of("orders.>"), 3, status.streams().get(0).bytes(), 0, 1)),
                    status.streams());
            assertTrue(status.streams().get(0).bytes() > 0, status.toString());
            assertTrue(status.endpoints().isEmpty(), "no resource adapter, no message-driven beans: " + status);
        }
    }

    @Test
    void aServerThatCannotBeReachedIsNamedAsTheProblemAndNothingThrows() {
        int port = NatsTestServer.freePort();
        NatsConnectionFactory factory = (NatsConnectionFactory) Factories.forUrl("nats://secret-user:secret-pass@127.0.0.1:" + port)
                .createConnectionFactory(pool);

        NatsAdapterStatus status = factory.status();

        assertTrue(status.problem().startsWith("no connection can be borrowed: Cannot connect to NATS"), status.problem());
        assertFalse(status.toString().contains("secret-pass"), "no password in the status: " + status);
        assertTrue(status.connections().isEmpty() && status.streams().isEmpty(), status.toString());
    }

    @Test
    void aDestroyedConnectionLeavesTheStatus() throws Exception {
        server = NatsTestServer.start();
        NatsConnectionFactory factory = (NatsConnectionFactory) Factories.forServer(server).createConnectionFactory(pool);
        try (NatsConnection ignored = factory.getConnection()) {
            assertEquals(1, factory.status().connections().size() - 1, "the held one besides status()'s own");
        }
        pool.shutdown();
        server.stop();
        NatsAdapterStatus status = factory.status();
        assertTrue(status.connections().isEmpty(), "the pool destroyed both: " + status);
    }
}
