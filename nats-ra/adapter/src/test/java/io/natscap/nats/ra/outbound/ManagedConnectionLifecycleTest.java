package io.natscap.nats.ra.outbound;

import io.natscap.nats.NatsConnection;
import io.natscap.nats.NatsConnectionState;
import io.natscap.nats.NatsResourceException;
import io.natscap.nats.StreamDefinition;
import io.natscap.testing.Await;
import io.natscap.testing.NatsTestServer;
import jakarta.resource.spi.ConnectionEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManagedConnectionLifecycleTest {

    private NatsTestServer server;

    @BeforeEach
    void startServer() {
        server = NatsTestServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void aFreshHealthyConnectionMatchesItsOwnFactory() throws Exception {
        NatsManagedConnectionFactory factory = Factories.forServer(server);
        NatsManagedConnection managed = (NatsManagedConnection) factory.createManagedConnection(null, null);
        try {
            assertSame(managed, factory.matchManagedConnections(Set.of(managed), null, null));
            assertTrue(factory.getInvalidConnections(Set.of(managed)).isEmpty());
        } finally {
            managed.destroy();
        }
    }

    @Test
    void aConnectionOpenedWithOtherSettingsDoesNotMatch() throws Exception {
        NatsManagedConnectionFactory factory = Factories.forServer(server);
        NatsManagedConnection managed = (NatsManagedConnection) factory.createManagedConnection(null, null);
        try {
            NatsManagedConnectionFactory other = Factories.forServer(server);
            other.setConnectionName("another-pool");
            assertNull(other.matchManagedConnections(Set.of(managed), null, null));
            factory.setMaxReconnects(5); // the pool was reconfigured since the connection was opened
            assertNull(factory.matchManagedConnections(Set.of(managed), null, null));
        } finally {
            managed.destroy();
        }
    }

    @Test
    void disconnectAndReconnectAreNoConnectionError() throws Exception {
        NatsManagedConnectionFactory factory = Factories.forServer(server);
        NatsManagedConnection managed = (NatsManagedConnection) factory.createManagedConnection(null, null);
        RecordingListener listener = new RecordingListener();
        managed.addConnectionEventListener(listener);
        try {
            server.stop();
            Await.until(Duration.ofSeconds(10), () -> managed.state() != NatsConnectionState.CONNECTED,
                    "the connection noticed that the server stopped");
            assertSame(managed, factory.matchManagedConnections(Set.of(managed), null, null),
                    "a reconnecting connection is still usable: jnats buffers what is published");
            server.startAgain();
            Await.until(Duration.ofSeconds(20), () -> managed.state() == NatsConnectionState.CONNECTED,
                    () -> "the connection reconnected; it is " + managed.state());
            assertEquals(List.of(), listener.errors, "no CONNECTION_ERROR_OCCURRED for a transient outage");
            assertSame(managed, factory.matchManagedConnections(Set.of(managed), null, null));
        } finally {
            managed.destroy();
        }
    }

    @Test
    void closingAHandleReturnsTheConnectionAndTheHandleIsRejectedAfterwards() throws Exception {
        NatsManagedConnectionFactory factory = Factories.forServer(server);
        NatsManagedConnection managed = (NatsManagedConnection) factory.createManagedConnection(null, null);
        RecordingListener listener = new RecordingListener();
        managed.addConnectionEventListener(listener);
        try {
            NatsConnection handle = (NatsConnection) managed.getConnection(null, null);
            handle.publish("lifecycle.one", null, new byte[] {1});
            handle.close();
            handle.close();

            assertEquals(1, listener.closed.size(), "CONNECTION_CLOSED once, however often close() is called");
            ConnectionEvent event = listener.closed.get(0);
            assertEquals(ConnectionEvent.CONNECTION_CLOSED, event.getId());
            assertSame(handle, event.getConnectionHandle());

            NatsResourceException error = assertThrows(NatsResourceException.class,
                    () -> handle.publish("lifecycle.two", null, new byte[] {2}));
            assertTrue(error.getMessage().contains("was closed and cannot be used again"), error.getMessage());
            assertTrue(error.getMessage().contains(server.url()), error.getMessage());
            assertEquals(List.of(), listener.errors, "using a closed handle is the caller's mistake, not a connection error");
            assertSame(managed, factory.matchManagedConnections(Set.of(managed), null, null), "the connection itself is fine");
        } finally {
            managed.destroy();
        }
    }

    @Test
    void cleanupInvalidatesHandlesAndAssociateMovesOne() throws Exception {
        NatsManagedConnectionFactory factory = Factories.forServer(server);
        NatsManagedConnection first = (NatsManagedConnection) factory.createManagedConnection(null, null);
        NatsManagedConnection second = (NatsManagedConnection) factory.createManagedConnection(null, null);
        try {
            NatsConnection handle = (NatsConnection) first.getConnection(null, null);
            second.associateConnection(handle);
            RecordingListener onSecond = new RecordingListener();
            second.addConnectionEventListener(onSecond);
            handle.publish("lifecycle.moved", null, new byte[] {1});

            second.cleanup();
            assertThrows(NatsResourceException.class, () -> handle.publish("lifecycle.cleaned", null, new byte[] {1}));
            handle.close();
            assertEquals(List.of(), onSecond.closed, "a handle invalidated by cleanup() fires nothing when closed");
        } finally {
            first.destroy();
            second.destroy();
        }
    }

    @Test
    void destroyClosesTheNatsConnectionAndLeavesNoThreadBehind() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        NatsManagedConnectionFactory factory = Factories.forServer(server);
        NatsManagedConnection managed = (NatsManagedConnection) factory.createManagedConnection(null, null);
        NatsConnection handle = (NatsConnection) managed.getConnection(null, null);
        handle.ensureStream(StreamDefinition.fileStream("LIFE", List.of("life.>"), Duration.ofMinutes(1)));
        handle.jetStreamPublishAsync("life.one", null, new byte[] {1}, "one").get();
        handle.jetStreamPublish("life.two", null, new byte[] {2}, "two");
        assertTrue(newThreads(before).size() > 0, "jnats runs threads while connected");

        managed.destroy();

        assertEquals(NatsConnectionState.CLOSED, managed.state());
        assertThrows(NatsResourceException.class, () -> handle.publish("life.three", null, new byte[] {3}),
                "the handle died with its connection");
        Await.until(Duration.ofSeconds(10), () -> newThreads(before).isEmpty(),
                () -> "threads still alive after destroy(): " + newThreads(before));
    }

    private static Set<String> newThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive())
                // The JDK's shared pool (used by CompletableFuture) is the JVM's, not the connection's.
                .filter(t -> !t.getName().startsWith("ForkJoinPool.commonPool"))
                .map(Thread::getName)
                .collect(Collectors.toSet());
    }
}
