package io.natscap.nats.ra.outbound;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.natscap.nats.JetStreamAck;
import io.natscap.nats.NatsConnection;
import io.natscap.nats.NatsConnectionFactory;
import io.natscap.nats.StreamDefinition;
import io.natscap.testing.Await;
import io.natscap.testing.NatsTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The seed's scenario: nats-server restarts while the application keeps publishing. In CAP
 * before 8.2.0 every publish after the restart failed with "Connection is closed".
 */
class ServerRestartTest {

    private static final int MESSAGES = 100;

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
    void publishSucceedsAfterServerRestart() throws Exception {
        NatsManagedConnectionFactory managedFactory = Factories.forServer(server);
        pool = new ContainerLikePool();
        NatsConnectionFactory factory = (NatsConnectionFactory) managedFactory.createConnectionFactory(pool);

        try (NatsConnection connection = factory.getConnection()) {
            connection.ensureStream(StreamDefinition.fileStream("ORDERS", List.of("orders.>"), Duration.ofMinutes(2)));
            connection.jetStreamPublish("orders.created", null, bytes("before restart"), "before-1");
        }

        server.restart();

        Set<String> received = ConcurrentHashMap.newKeySet();
        try (Connection subscriber = Nats.connect(server.url())) {
            Dispatcher dispatcher = subscriber.createDispatcher(m -> received.add(new String(m.getData(), StandardCharsets.UTF_8)));
            dispatcher.subscribe("events.after-restart");
            subscriber.flush(Duration.ofSeconds(5));

            for (int i = 0; i < MESSAGES; i++) {
                try (NatsConnection connection = factory.getConnection()) {
                    connection.publish("events.after-restart", null, bytes("event-" + i));
                    JetStreamAck ack = connection.jetStreamPublish("orders.created", null, bytes("order-" + i), "after-" + i);
                    assertFalse(ack.duplicate(), "after-" + i + " was new to the stream");
                }
            }

            Await.until(Duration.ofSeconds(20), () -> received.size() == MESSAGES,
                    () -> "the subscriber received " + received.size() + " of " + MESSAGES + " messages published after the restart");
        }

        try (Connection check = Nats.connect(server.url())) {
            long stored = check.jetStreamManagement().getStreamInfo("ORDERS").getStreamState().getMsgCount();
            assertEquals(MESSAGES + 1, stored, "ORDERS holds the message from before the restart and every one after");
        }
        assertEquals(1, pool.created().size(), "the pooled connection survived the restart without being replaced");
        assertEquals(0, pool.errorEvents().size(), "a restart within the reconnect budget is no connection error");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
