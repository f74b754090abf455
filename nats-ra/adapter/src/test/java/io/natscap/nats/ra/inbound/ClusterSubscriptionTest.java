package io.natscap.nats.ra.inbound;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import io.nats.client.PublishOptions;
import io.natscap.testing.Await;
import io.natscap.testing.NatsTestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.Timer;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A message-driven bean's subscription against a three-node cluster: the stream it creates gets
 * the adapter's streamReplicas, its durable the bean's consumerReplicas, and it consumes every message while one node, then another, is
 * killed with -9 and restarted.
 */
class ClusterSubscriptionTest {

    private static final Duration LIMIT = Duration.ofSeconds(90);
    private static final int ENTRIES = 300;

    private NatsTestCluster cluster;
    private Timer timer;
    private Subscription subscription;
    private final Set<String> received = ConcurrentHashMap.newKeySet();
    private final AtomicInteger deliveries = new AtomicInteger();

    @BeforeEach
    void start() {
        cluster = NatsTestCluster.start(3);
        timer = new Timer("cluster-subscription-test", true);
    }

    @AfterEach
    void stop() {
        if (subscription != null) {
            subscription.stopConsuming();
            subscription.close();
        }
        timer.cancel();
        cluster.close();
    }

    @Test
    void theBeansR3StreamIsConsumedCompletelyWhileNodesAreKilled() throws Exception {
        NatsResourceAdapter adapter = new NatsResourceAdapter();
        adapter.setStreamReplicas(3);
        NatsActivationSpec spec = new NatsActivationSpec();
        spec.setSubject("ledger.entry");
        spec.setStream("LEDGER");
        spec.setAckWaitMillis(5_000L);
        spec.setConsumerReplicas(3);
        spec.setResourceAdapter(adapter);
        Subscription[] self = new Subscription[1];
        self[0] = new Subscription("ledger-bean", spec, "ledger", TestSettings.forServers(cluster.urls(), 2_000), message -> {
            deliveries.incrementAndGet();
            received.add(new String(message.getData(), StandardCharsets.UTF_8));
            message.ack();
            self[0].settled(message.metaData().streamSequence());
        }, timer);
        subscription = self[0];
        subscription.start();

        try (Connection nats = Nats.connect(cluster.urls())) {
            Await.until(LIMIT, () -> replicasOf(nats, "LEDGER") == 3, "the bean created LEDGER with the adapter's 3 replicas");
            Await.until(LIMIT, () -> consumerPeersOf(nats, "LEDGER", "ledger") == 2,
                    "the bean's durable has 3 replicas: a leader and 2 peers");
            assertEquals(3, nats.jetStreamManagement().getConsumerInfo("LEDGER", "ledger").getConsumerConfiguration().getNumReplicas());
            JetStream js = nats.jetStream();
            for (int i = 0; i < ENTRIES; i++) {
                cluster.killOneNodeAfterAnother(i, ENTRIES);
                String entry = "entry-" + i;
                Await.until(LIMIT, () -> {
                    try {
                        js.publish("ledger.entry", entry.getBytes(StandardCharsets.UTF_8),
                                PublishOptions.builder().messageId(entry).build());
                        return true;
                    } catch (Exception leaderMoving) {
                        return false;
                    }
                }, () -> entry + " stored in LEDGER");
            }
        }
        Await.until(LIMIT, () -> received.size() == ENTRIES, () -> "the bean received " + received.size() + " of " + ENTRIES
                + " entries; missing " + missing());
        assertEquals(Set.of(), missing());
        System.out.printf("natscap measured: %d deliveries for %d entries while nodes were killed%n", deliveries.get(), ENTRIES);
    }

    private static int replicasOf(Connection nats, String stream) {
        try {
            return nats.jetStreamManagement().getStreamInfo(stream).getConfiguration().getReplicas();
        } catch (Exception notYet) {
            return 0;
        }
    }

    private static int consumerPeersOf(Connection nats, String stream, String durable) {
        try {
            return nats.jetStreamManagement().getConsumerInfo(stream, durable).getClusterInfo().getReplicas().size();
        } catch (Exception notYet) {
            return 0;
        }
    }

    private Set<String> missing() {
        Set<String> missing = new TreeSet<>();
        for (int i = 0; i < ENTRIES; i++) {
            if (!received.contains("entry-" + i)) {
                missing.add("entry-" + i);
            }
        }
        return missing;
    }
}
