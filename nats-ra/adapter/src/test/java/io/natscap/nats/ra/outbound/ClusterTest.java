package io.natscap.nats.ra.outbound;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.natscap.nats.NatsAdapterStatus;
import io.natscap.nats.NatsConnection;
import io.natscap.nats.NatsConnectionFactory;
import io.natscap.nats.StreamDefinition;
import io.natscap.testing.Await;
import io.natscap.testing.NatsTestCluster;
import io.natscap.testing.NatsTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pool against a three-node cluster on loopback, nodes killed with -9: an R3 stream keeps
 * every message once, and a pooled connection moves to a surviving node by itself.
 */
class ClusterTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final int ENTRIES = 300;

    private NatsTestCluster cluster;
    private ContainerLikePool pool;
    private NatsConnectionFactory factory;

    @BeforeEach
    void start() throws Exception {
        cluster = NatsTestCluster.start(3);
        pool = new ContainerLikePool();
        NatsManagedConnectionFactory managed = Factories.forUrl(cluster.urls());
        managed.setJetStreamTimeoutMillis(2_000L);
        factory = (NatsConnectionFactory) managed.createConnectionFactory(pool);
    }

    @AfterEach
    void stop() {
        pool.shutdown();
        cluster.close();
    }

    @Test
    void anR3StreamStoresEveryMessageOnceWhileOneNodeAfterAnotherIsKilled() throws Exception {
        StreamDefinition ledger = StreamDefinition.fileStream("LEDGER", List.of("ledger.>"), Duration.ofMinutes(10)).withReplicas(3);
        // the cluster elects its JetStream leader shortly after it forms
        StreamDefinition[] created = new StreamDefinition[1];
        Await.until(LIMIT, () -> {
            try (NatsConnection connection = factory.getConnection()) {
                created[0] = connection.ensureStream(ledger);
                return true;
            } catch (Exception notYet) {
                return false;
            }
        }, "the cluster took the stream LEDGER with 3 replicas");
        assertEquals(3, created[0].replicas());

        int retried = 0;
        for (int i = 0; i < ENTRIES; i++) {
            cluster.killOneNodeAfterAnother(i, ENTRIES);
            retried += publishUntilStored("ledger.entry", "entry-" + i);
        }

        Set<String> stored = idsInStream("LEDGER");
        assertEquals(ENTRIES, stored.size(), "every entry is in the stream");
        for (int i = 0; i < ENTRIES; i++) {
            assertTrue(stored.contains("entry-" + i), "entry-" + i + " is in the stream");
        }
        System.out.printf("natscap measured: %d of %d JetStream publishes were retried while nodes were killed%n", retried, ENTRIES);
    }

    @Test
    void aPooledConnectionMovesToASurvivingNodeWithoutAnErrorReachingTheApplication() throws Exception {
        try (NatsConnection connection = factory.getConnection()) {
            connection.publish("warmup", null, bytes("x"));
        }
        String before = onlyConnection().server();
        NatsTestServer connectedTo = nodeAt(before);
        NatsTestServer listener = cluster.node(0) == connectedTo ? cluster.node(1) : cluster.node(0);

        Set<String> received = ConcurrentHashMap.newKeySet();
        try (Connection subscriber = Nats.connect(listener.url())) {
            Dispatcher dispatcher = subscriber.createDispatcher(m -> received.add(new String(m.getData(), StandardCharsets.UTF_8)));
            dispatcher.subscribe("audit.>");
            subscriber.flush(Duration.ofSeconds(5));
            // the route between the listener's node and the publisher's learns the interest
            Await.until(LIMIT, () -> {
                try (NatsConnection connection = factory.getConnection()) {
                    connection.publish("audit.probe", null, bytes("probe"));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                return received.contains("probe");
            }, "a core message crossed the cluster to the listener");

            connectedTo.kill();
            // while the connection moves: no publish fails (core NATS is at most once: a few written
            // into the dead node's socket before the client noticed may be lost, which is NATS's promise)
            for (int i = 0; i < 100; i++) {
                try (NatsConnection connection = factory.getConnection()) {
                    connection.publish("audit.during", null, bytes("during-" + i));
                }
            }
            Await.until(LIMIT, () -> {
                String now = onlyConnection().server();
                return now != null && !now.equals(before);
            }, "the pooled connection moved to another node");
            // once it has moved, every event reaches the listener on the other node
            for (int i = 0; i < 100; i++) {
                try (NatsConnection connection = factory.getConnection()) {
                    connection.publish("audit.event", null, bytes("event-" + i));
                }
            }
            Await.until(LIMIT, () -> received.stream().filter(m -> m.startsWith("event-")).count() == 100,
                    () -> "the listener received " + received.stream().filter(m -> m.startsWith("event-")).count()
                            + " of 100 events published after the connection moved");
        }
        String after = onlyConnection().server();
        assertNotEquals(before, after, "the pooled connection is on another node now");
        assertEquals(1, pool.created().size(), "the same pooled connection, moved, not replaced");
        assertEquals(List.of(), pool.errorEvents(), "the container was told of no connection error");
    }

    /** Publishes until the stream acknowledges, as the outbox's retries do; how many attempts failed. */
    private int publishUntilStored(String subject, String id) {
        int[] failures = {0};
        Await.until(LIMIT, () -> {
            try (NatsConnection connection = factory.getConnection()) {
                connection.jetStreamPublish(subject, null, bytes(id), id);
                return true;
            } catch (Exception e) {
                failures[0]++;
                return false;
            }
        }, () -> id + " stored in the stream");
        return failures[0] > 0 ? 1 : 0;
    }

    private Set<String> idsInStream(String stream) throws Exception {
        try (Connection nats = Nats.connect(cluster.urls())) {
            JetStreamManagement jsm = nats.jetStreamManagement();
            var state = jsm.getStreamInfo(stream).getStreamState();
            assertEquals(ENTRIES, state.getMsgCount(), "the stream holds each entry once");
            Set<String> ids = new HashSet<>();
            for (long sequence = state.getFirstSequence(); sequence <= state.getLastSequence(); sequence++) {
                ids.add(new String(jsm.getMessage(stream, sequence).getData(), StandardCharsets.UTF_8));
            }
            return ids;
        }
    }

    private NatsAdapterStatus.PooledConnection onlyConnection() {
        List<NatsAdapterStatus.PooledConnection> connections = factory.status().connections();
        assertEquals(1, connections.size(), connections.toString());
        return connections.get(0);
    }

    private NatsTestServer nodeAt(String server) {
        for (int i = 0; i < cluster.size(); i++) {
            if (server != null && server.contains(":" + cluster.node(i).port())) {
                return cluster.node(i);
            }
        }
        throw new AssertionError("no node of the cluster at " + server + " (" + cluster.urls() + ")");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
