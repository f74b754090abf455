package io.natscap.nats.ra.inbound;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StreamConfiguration;
import io.natscap.nats.NatsAdapterStatus;
import io.natscap.nats.NatsConnectionState;
import io.natscap.nats.ra.ConnectionSettings;
import io.natscap.testing.Await;
import io.natscap.testing.LogCapture;
import io.natscap.testing.NatsTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Timer;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bean's subscription against a real nats-server, without a container: the handler stands in
 * for the deliveries and acknowledges what it gets.
 */
class SubscriptionTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    private NatsTestServer server;
    private final Set<String> received = new ConcurrentSkipListSet<>();
    private Subscription subscription;
    private Timer timer;

    @BeforeEach
    void start() {
        server = NatsTestServer.start();
        timer = new Timer("subscription-test", true);
    }

    @AfterEach
    void stop() {
        if (subscription != null) {
            subscription.stopConsuming();
            subscription.close();
        }
        timer.cancel();
        server.close();
    }

    @Test
    void closingDoesNotKeepJnatsCallbackWaiting() {
        // jnats' close() waits up to connectionTimeout for its callback thread, whose CLOSED
        // callback needs the subscription's lock: closing under that lock stalled every undeploy.
        subscription = jetStreamSubscription(settings(20_000));
        subscription.start();
        publish(1);
        Await.until(LIMIT, () -> received.size() == 1, () -> "the message was not consumed: " + received);
        try (LogCapture log = new LogCapture()) {
            subscription.stopConsuming();
            subscription.close();
            String closedEvent = "CLOSED of a connection not in use";
            assertTrue(log.text().contains(closedEvent),
                    "jnats reported the close before close() returned (it waited for its callback thread):\n" + log.text());
        }
    }

    @Test
    void aDurableDeletedOnTheServerIsRecreatedAndNoMessageIsSkipped() throws Exception {
        subscription = jetStreamSubscription(settings(2_000));
        subscription.start();
        publish(10);
        Await.until(LIMIT, () -> received.size() == 10, () -> "the first 10 messages were not all consumed: " + received);

        try (LogCapture log = new LogCapture(); Connection admin = Nats.connect(server.url())) {
            JetStreamManagement jsm = admin.jetStreamManagement();
            assertTrue(jsm.deleteConsumer("ORDERS", "billing"), "the durable existed");
            publishFrom(11, 20); // published while the bean has no durable
            Await.until(LIMIT, () -> received.size() == 20,
                    () -> "after the durable was deleted, messages 11-20 did not all arrive: " + missing(20) + "\n" + log.text());
            assertTrue(jsm.getConsumerNames("ORDERS").contains("billing"), "the durable exists again");
            assertTrue(log.text().contains("durable billing of message-driven bean test-bean no longer exists"), log.text());
            assertTrue(log.text().contains("WARNING io.natscap.nats.ra.NatsErrorLog"),
                    "what jnats reported about the consumer was logged:\n" + log.text());
        }
    }

    @Test
    void theStatusReadsTheDurablesStateFromTheServerAndSaysWhenItCannot() {
        List<Message> held = new CopyOnWriteArrayList<>();
        subscription = new Subscription("holding-bean", spec(), "billing", settings(2_000), held::add, timer);
        subscription.start();
        publish(5);
        Await.until(LIMIT, () -> held.size() == 5, () -> "5 messages delivered and held unacknowledged, got " + held.size());

        NatsAdapterStatus.Endpoint endpoint = subscription.status();
        assertEquals(List.of("holding-bean", "orders.created", "ORDERS", "billing", NatsConnectionState.CONNECTED),
                List.of(endpoint.bean(), endpoint.subject(), endpoint.stream(), endpoint.durable(), endpoint.state()));
        assertNull(endpoint.problem());
        assertEquals(5, endpoint.consumer().ackPending(), "delivered, not acknowledged: " + endpoint);
        assertEquals(0, endpoint.consumer().pending(), endpoint.toString());
        // the ack wait is 5 s: the server delivers the held messages again
        Await.until(LIMIT, () -> subscription.status().consumer().redelivered() == 5,
                () -> "the server counts 5 redelivered messages: " + subscription.status());

        server.stop();
        NatsAdapterStatus.Endpoint down = subscription.status();
        assertNull(down.consumer(), down.toString());
        assertTrue(down.problem().startsWith("cannot read the durable billing: "), down.problem());
    }

    @Test
    void theBackOffListBecomesTheDurablesRedeliveryScheduleOnTheServer() throws Exception {
        try (Connection admin = Nats.connect(server.url())) {
            // a durable made earlier with a plain ack wait is brought to the bean's list
            JetStreamManagement jsm = admin.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name("ORDERS").subjects("orders.created").build());
            jsm.addOrUpdateConsumer("ORDERS", ConsumerConfiguration.builder().durable("billing").filterSubject("orders.created")
                    .ackPolicy(AckPolicy.Explicit).ackWait(Duration.ofSeconds(30)).build());

            NatsActivationSpec spec = spec();
            spec.setAckWaitMillis(null);
            spec.setBackOff("1s,3s");
            spec.setMaxDeliver(4);
            Map<Long, Long> deliveredAtMillis = new ConcurrentHashMap<>();
            subscription = new Subscription("unacknowledging-bean", spec, "billing", settings(2_000),
                    message -> deliveredAtMillis.putIfAbsent(message.metaData().deliveredCount(), System.currentTimeMillis()), timer);
            subscription.start();
            publish(1);
            Await.until(LIMIT, () -> deliveredAtMillis.size() >= 3,
                    () -> "an unacknowledged message is delivered 3 times, got deliveries " + deliveredAtMillis.keySet());

            ConsumerConfiguration onServer = jsm.getConsumerInfo("ORDERS", "billing").getConsumerConfiguration();
            assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(3)), onServer.getBackoff());
            assertEquals(Duration.ofSeconds(1), onServer.getAckWait());
            assertEquals(4, onServer.getMaxDeliver());
            long secondWait = deliveredAtMillis.get(3L) - deliveredAtMillis.get(2L);
            assertTrue(secondWait >= 2_500, "the second redelivery waited the list's 3 s, not the first 1 s: " + secondWait + " ms");
        }
    }

    @Test
    void aPushDurableAsCapDotNetMakesItIsRefusedSayingWhyInsteadOfPullingNothing() throws Exception {
        try (Connection admin = Nats.connect(server.url()); LogCapture log = new LogCapture()) {
            JetStreamManagement jsm = admin.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name("ORDERS").subjects("orders.created").build());
            // CAP .NET's group billing.v1: a push durable with a deliver group
            jsm.addOrUpdateConsumer("ORDERS", ConsumerConfiguration.builder().durable("billing").filterSubject("orders.created")
                    .deliverSubject("_INBOX.cap-billing").deliverGroup("billing_v1").ackPolicy(AckPolicy.Explicit).build());

            subscription = jetStreamSubscription(settings(2_000));
            subscription.start();
            Await.until(LIMIT, () -> log.text().contains("cannot consume 'orders.created' (stream ORDERS, durable billing)"),
                    () -> "the refusal was logged:\n" + log.text());
            assertTrue(log.text().contains("durable billing on stream ORDERS is a push consumer (delivering to '_INBOX.cap-billing'; "
                    + "CAP .NET makes its groups' durables so); a message-driven bean pulls: give it another group or durable"),
                    log.text());
            assertEquals("_INBOX.cap-billing", jsm.getConsumerInfo("ORDERS", "billing").getConsumerConfiguration().getDeliverSubject(),
                    "CAP's durable is left as it is");
        }
    }

    private NatsActivationSpec spec() {
        NatsActivationSpec spec = new NatsActivationSpec();
        spec.setSubject("orders.created");
        spec.setStream("ORDERS");
        spec.setAckWaitMillis(5_000L);
        return spec;
    }

    private Subscription jetStreamSubscription(ConnectionSettings settings) {
        Subscription[] self = new Subscription[1];
        self[0] = new Subscription("test-bean", spec(), "billing", settings, message -> {
            received.add(new String(message.getData(), StandardCharsets.UTF_8));
            message.ack();
            self[0].settled(message.metaData().streamSequence());
        }, timer);
        return self[0];
    }

    private ConnectionSettings settings(long connectionTimeoutMillis) {
        return TestSettings.forServers(server.url(), connectionTimeoutMillis);
    }

    private void publish(int count) {
        publishFrom(1, count);
    }

    private void publishFrom(int first, int last) {
        try (Connection nats = Nats.connect(server.url())) {
            for (int i = first; i <= last; i++) {
                nats.jetStream().publish("orders.created", ("order-" + i).getBytes(StandardCharsets.UTF_8));
            }
        } catch (Exception e) {
            throw new AssertionError("could not publish", e);
        }
    }

    private Set<String> missing(int upTo) {
        Set<String> missing = new TreeSet<>();
        for (int i = 1; i <= upTo; i++) {
            if (!received.contains("order-" + i)) {
                missing.add("order-" + i);
            }
        }
        return missing;
    }

}
