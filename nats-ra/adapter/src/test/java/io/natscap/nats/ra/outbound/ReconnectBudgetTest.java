package io.natscap.nats.ra.outbound;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.natscap.nats.NatsConnection;
import io.natscap.nats.NatsConnectionFactory;
import io.natscap.nats.NatsConnectionState;
import io.natscap.nats.NatsResourceException;
import io.natscap.nats.StreamDefinition;
import io.natscap.testing.Await;
import io.natscap.testing.NatsTestServer;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ManagedConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An outage longer than the reconnect budget: jnats closes the connection for good. It must be
 * reported, refused by match and validation, and replaced once the server is back.
 */
class ReconnectBudgetTest {

    private static final Duration OUTAGE_LIMIT = Duration.ofSeconds(30);

    private NatsTestServer server;
    private ContainerLikePool pool;

    @BeforeEach
    void startServer() {
        server = NatsTestServer.start();
    }

    @AfterEach
    void stopEverything() {
        if (pool != null) {
            pool.shutdown();
        }
        server.close();
    }

    @Test
    void connectionClosedByAnOutageIsReportedAndReplaced() throws Exception {
        NatsManagedConnectionFactory managedFactory = Factories.withSmallReconnectBudget(server);
        pool = new ContainerLikePool();
        NatsConnectionFactory factory = (NatsConnectionFactory) managedFactory.createConnectionFactory(pool);
        try (NatsConnection connection = factory.getConnection()) {
            connection.ensureStream(StreamDefinition.fileStream("BUDGET", List.of("budget.>"), Duration.ofMinutes(2)));
            // acknowledged by the stream: stored before the outage (a core publish might still be in a buffer)
            connection.jetStreamPublish("budget.before", null, "x".getBytes(StandardCharsets.UTF_8), "before-1");
        }
        ManagedConnection first = pool.created().get(0);

        server.stop();
        Await.until(OUTAGE_LIMIT, () -> !pool.errorEvents().isEmpty(),
                "CONNECTION_ERROR_OCCURRED after the server stopped and the reconnect budget (2) ran out");

        ConnectionEvent event = pool.errorEvents().get(0);
        assertEquals(first, event.getSource());
        assertEquals(ConnectionEvent.CONNECTION_ERROR_OCCURRED, event.getId());
        assertTrue(event.getException().getMessage().contains(server.url()), event.getException().getMessage());
        assertTrue(pool.destroyed().contains(first), "the container destroyed the closed connection");

        server.startAgain();
        try (NatsConnection connection = factory.getConnection()) {
            assertEquals(2L, connection.jetStreamPublish("budget.after", null, "y".getBytes(StandardCharsets.UTF_8), "after-1").sequence(),
                    "stored after the message published before the outage");
        }
        assertEquals(2, pool.created().size(), "a new connection replaced the closed one");
        assertNotSame(first, pool.created().get(1));
    }

    @Test
    void closedConnectionIsRefusedByMatchAndReportedByValidation() throws Exception {
        NatsManagedConnectionFactory managedFactory = Factories.withSmallReconnectBudget(server);
        // No pool: nobody destroys it, so what is checked here is the CLOSED state itself.
        NatsManagedConnection managed = (NatsManagedConnection) managedFactory.createManagedConnection(null, null);
        RecordingListener listener = new RecordingListener();
        managed.addConnectionEventListener(listener);
        try {
            assertEquals(managed, managedFactory.matchManagedConnections(Set.of(managed), null, null), "healthy: matches");
            assertTrue(managedFactory.getInvalidConnections(Set.of(managed)).isEmpty(), "healthy: valid");

            server.stop();
            Await.until(OUTAGE_LIMIT, () -> managed.state() == NatsConnectionState.CLOSED,
                    () -> "the connection reached CLOSED; it is " + managed.state());

            assertNull(managedFactory.matchManagedConnections(Set.of(managed), null, null), "a CLOSED connection never matches");
            assertEquals(Set.of(managed), managedFactory.getInvalidConnections(Set.of(managed)));
            Await.until(Duration.ofSeconds(5), () -> listener.errors.size() == 1, "one CONNECTION_ERROR_OCCURRED");

            server.startAgain();
            assertNull(managedFactory.matchManagedConnections(Set.of(managed), null, null),
                    "CLOSED is terminal: still refused with the server back");
        } finally {
            managed.destroy();
        }
    }

    @Test
    void handleOnClosedConnectionFailsClearlyAndIsNeverHandedOutAgain() throws Exception {
        NatsManagedConnectionFactory managedFactory = Factories.withSmallReconnectBudget(server);
        NatsManagedConnection managed = (NatsManagedConnection) managedFactory.createManagedConnection(null, null);
        RecordingListener listener = new RecordingListener();
        managed.addConnectionEventListener(listener);
        try {
            NatsConnection held = (NatsConnection) managed.getConnection(null, null);
            server.stop();
            Await.until(OUTAGE_LIMIT, () -> held.state() == NatsConnectionState.CLOSED,
                    () -> "the held connection reached CLOSED; it is " + held.state());

            NatsResourceException error = assertThrows(NatsResourceException.class,
                    () -> held.publish("any.subject", null, new byte[1]));
            assertEquals(NatsConnectionState.CLOSED, error.state());
            assertTrue(error.getMessage().contains("closed") && error.getMessage().contains(server.url()), error.getMessage());
            assertEquals(server.url(), error.servers());

            assertEquals(1, listener.errors.size(), "the container heard of it exactly once");
            assertThrows(NatsResourceException.class, () -> managed.getConnection(null, null),
                    "no new handle on a closed connection");
        } finally {
            managed.destroy();
        }
        server.startAgain();
        try (Connection check = Nats.connect(server.url())) {
            assertEquals(Connection.Status.CONNECTED, check.getStatus());
        }
    }
}
