package io.natscap.it.inbound;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamInfoOptions;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.natscap.it.Http;
import io.natscap.nats.DeadLetters;
import io.natscap.it.NatsServerForPayara;
import io.natscap.testing.Await;
import io.natscap.testing.NatsTestServer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Message-driven beans in a real Payara Micro, fed by nats-ra from a real nats-server. The test
 * publishes with plain jnats and counts what the beans recorded. Each test has its own subjects,
 * stream and durables, so the tests run in any order.
 */
@ExtendWith({NatsServerForPayara.class, ArquillianExtension.class})
@RunAsClient
class MessageDrivenBeansIT {

    private static final Duration LIMIT = Duration.ofSeconds(60);
    /** How long the first delivery after a server restart may take: "within seconds", generously. */
    private static final Duration FIRST_DELIVERY_AFTER_RESTART_LIMIT = Duration.ofSeconds(20);

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive application() {
        return ShrinkWrap.create(WebArchive.class, "inbound-it.war")
                .addClasses(Deliveries.class, Delivery.class, DeliveriesServlet.class, CoreSubscriber.class, QueueWorkerA.class,
                        QueueWorkerB.class, DurableSubscriber.class, BillingA.class, BillingB.class,
                        AuditSubscriber.class, RestartSubscriber.class, FlakySubscriber.class,
                        RollbackOnceSubscriber.class, PoisonedSubscriber.class, LongSignallingSubscriber.class,
                        LongSilentSubscriber.class, DeadLetteredSubscriber.class);
    }

    @Test
    void coreSubscriberReceivesEveryMessage() throws Exception {
        List<String> sent = bodies("core", 50);
        try (Connection nats = connect()) {
            for (String body : sent) {
                nats.publish("core.plain", body.getBytes(StandardCharsets.UTF_8));
            }
            nats.flush(Duration.ofSeconds(5));
        }
        awaitCount("core", 50);
        assertEquals(Set.copyOf(sent), Set.copyOf(bodiesOf(deliveries("core"))));
        assertEquals(50, deliveries("core").size(), "each once");
    }

    @Test
    void aQueueGroupOfTwoBeansSplitsTheMessages() throws Exception {
        List<String> sent = bodies("queue", 200);
        try (Connection nats = connect()) {
            for (String body : sent) {
                nats.publish("core.queue", body.getBytes(StandardCharsets.UTF_8));
            }
            nats.flush(Duration.ofSeconds(5));
        }
        awaitCount("queue", 200);
        List<Delivery> received = deliveries("queue");
        assertEquals(Set.copyOf(sent), Set.copyOf(bodiesOf(received)), "every message arrived");
        assertEquals(200, received.size(), "each message went to one worker only");
        Map<String, Long> perBean = received.stream().collect(Collectors.groupingBy(Delivery::bean, Collectors.counting()));
        assertEquals(Set.of("QueueWorkerA", "QueueWorkerB"), perBean.keySet(), "both workers took a share: " + perBean);
    }

    @Test
    void aDurableSubscriberReceivesEveryJetStreamMessageOnce() throws Exception {
        List<String> sent = bodies("order", 100);
        publishToStream("js.orders", sent);
        awaitCount("durable", 100);
        assertEquals(Set.copyOf(sent), Set.copyOf(bodiesOf(deliveries("durable"))));
        assertEquals(100, deliveries("durable").size(), "each once");
        awaitNothingPending("JSORDERS", "orders");
    }

    @Test
    void aMessageWhoseFirstDeliveryThrowsIsRedeliveredAndProcessed() throws Exception {
        List<String> sent = bodies("flaky", 5);
        publishToStream("js.flaky", sent);
        awaitCount("flaky", 5);
        assertEquals(Set.copyOf(sent), Set.copyOf(bodiesOf(deliveries("flaky"))));
        assertTrue(deliveries("flaky").stream().allMatch(d -> d.deliveryCount() == 2), "processed on the second delivery");
        assertEquals(10, deliveries("flaky-attempt").size(), "two deliveries each, no more");
        awaitNothingPending("JSFLAKY", "flaky");
    }

    @Test
    void aRolledBackTransactionMeansRedeliveryEvenWithoutAnException() throws Exception {
        List<String> sent = bodies("rollback", 3);
        publishToStream("js.rollback", sent);
        awaitCount("rollback", 3);
        assertTrue(deliveries("rollback").stream().allMatch(d -> d.deliveryCount() == 2), "acknowledged only after the commit");
        assertEquals(6, deliveries("rollback-attempt").size());
    }

    @Test
    void aPoisonedMessageIsRetriedOnItsBackOffScheduleStopsAfterMaxDeliverAndTheOthersStillArrive() throws Exception {
        List<String> good = bodies("good", 10);
        publishToStream("js.poison", List.of("poison-1"));
        publishToStream("js.poison", good);
        awaitCount("poison-good", 10);
        assertEquals(Set.copyOf(good), Set.copyOf(bodiesOf(deliveries("poison-good"))));
        awaitNothingPending("JSPOISON", "poison");
        assertEquals(3, deliveries("poison-attempt").size(), "tried maxDeliver (3) times, then terminated");
        List<Delivery> attempts = deliveries("poison-attempt");
        assertEquals(List.of(1L, 2L, 3L), attempts.stream().map(Delivery::deliveryCount).toList());
        long secondWait = attempts.get(2).receivedAtMillis() - attempts.get(1).receivedAtMillis();
        assertTrue(secondWait >= 1_500, "the third attempt came after backOff's 2 s, not its first 1 s: " + secondWait + " ms");
        try (Connection nats = connect()) {
            assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)),
                    consumer(nats.jetStreamManagement(), "JSPOISON", "poison").getConsumerConfiguration().getBackoff(),
                    "the durable carries the bean's back-off list");
        }
    }

    @Test
    void aBeanThatRunsThreeTimesItsAckWaitRunsOnceAndWithoutInProgressItRunsAgainMeanwhile() throws Exception {
        publishToStream("js.long.signalled", List.of("long-1"));
        publishToStream("js.long.silent", List.of("long-2"));
        awaitCount("long-silent", 2);
        awaitNothingPending("JSLONGSIGNALLED", "long-signalled");
        awaitNothingPending("JSLONGSILENT", "long-silent");
        // acknowledged: nothing more can come
        assertEquals(List.of(1L), deliveries("long-signalled").stream().map(Delivery::deliveryCount).toList(),
                "the long run was not delivered again while it ran");
        try (Connection nats = connect()) {
            assertEquals(0, consumer(nats.jetStreamManagement(), "JSLONGSIGNALLED", "long-signalled").getRedelivered(),
                    "the server redelivered nothing");
        }
        List<Long> silent = deliveries("long-silent").stream().map(Delivery::deliveryCount).toList();
        assertEquals(List.of(1L, 2L), silent.subList(0, 2), "without inProgress the second delivery came while the first ran");
    }

    @Test
    void aMessageThatFailsMaxDeliverTimesIsMovedToTheDeadLetterSubjectWithItsReasonAndAcknowledged() throws Exception {
        try (Connection nats = connect()) {
            Headers headers = new Headers().add("tenant", "acme");
            nats.jetStream().publish(NatsMessage.builder().subject("js.deadletter").headers(headers)
                    .data("doomed-1".getBytes(StandardCharsets.UTF_8)).build());
            publishToStream("js.deadletter", List.of("fine-1"));
            awaitCount("deadletter-good", 1);
            awaitCount("doomed-attempt", 2);
            awaitNothingPending("JSDEADLETTER", "deadletter");

            JetStreamManagement jsm = nats.jetStreamManagement();
            Await.until(LIMIT, () -> deadLetter(jsm) != null, "a message on js.deadletter.dlq in stream JSDEADLETTER");
            MessageInfo dead = deadLetter(jsm);
            assertEquals("doomed-1", new String(dead.getData(), StandardCharsets.UTF_8), "the original body");
            Headers deadHeaders = dead.getHeaders();
            assertEquals("acme", deadHeaders.getFirst("tenant"), "the original headers");
            assertEquals(List.of("JSDEADLETTER", "deadletter", "2"), List.of(deadHeaders.getFirst(DeadLetters.STREAM),
                    deadHeaders.getFirst(DeadLetters.DURABLE), deadHeaders.getFirst(DeadLetters.DELIVERIES)));
            assertEquals("js.deadletter", deadHeaders.getFirst(DeadLetters.SUBJECT));
            assertTrue(deadHeaders.getFirst(DeadLetters.REASON).contains("java.lang.IllegalArgumentException: cannot process doomed-1"),
                    deadHeaders.getFirst(DeadLetters.REASON));
            assertEquals(2, deliveries("doomed-attempt").size(), "maxDeliver attempts, then no more");
            assertEquals(1, countOn(jsm, "js.deadletter.dlq"), "dead-lettered once");
        }
    }

    private static MessageInfo deadLetter(JetStreamManagement jsm) {
        try {
            return jsm.getLastMessage("JSDEADLETTER", "js.deadletter.dlq");
        } catch (Exception none) {
            return null;
        }
    }

    private static long countOn(JetStreamManagement jsm, String subject) throws Exception {
        return jsm.getStreamInfo("JSDEADLETTER", StreamInfoOptions.filterSubjects(subject)).getStreamState().getSubjects().stream()
                .filter(s -> s.getName().equals(subject)).mapToLong(s -> s.getCount()).sum();
    }

    @Test
    void beansSharingADurableCompeteAndAnotherDurableGetsEverything() throws Exception {
        List<String> sent = bodies("invoice", 100);
        publishToStream("js.group", sent);
        awaitCount("billing", 100);
        awaitCount("audit", 100);
        List<Delivery> billing = deliveries("billing");
        assertEquals(Set.copyOf(sent), Set.copyOf(bodiesOf(billing)));
        assertEquals(100, billing.size(), "each message billed once across both beans");
        Map<String, Long> perBean = billing.stream().collect(Collectors.groupingBy(Delivery::bean, Collectors.counting()));
        assertEquals(Set.of("BillingA", "BillingB"), perBean.keySet(), "both took a share: " + perBean);
        assertEquals(Set.copyOf(sent), Set.copyOf(bodiesOf(deliveries("audit"))));
        assertEquals(100, deliveries("audit").size(), "the other durable got every message once");
    }

    @Test
    void consumptionResumesAfterTheServerRestartsMidStream() throws Exception {
        NatsTestServer server = NatsServerForPayara.server();
        List<String> before = bodies("before", 100);
        List<String> after = bodies("after", 100);
        publishToStream("js.restart", before);

        server.restart();
        long restarted = System.currentTimeMillis();
        publishToStream("js.restart", after);
        Await.until(FIRST_DELIVERY_AFTER_RESTART_LIMIT,
                () -> deliveries("restart").stream().anyMatch(d -> d.body().startsWith("after")),
                () -> "no message published after the restart was delivered within "
                        + FIRST_DELIVERY_AFTER_RESTART_LIMIT.toSeconds() + " s of the server being back");

        awaitDistinct("restart", 200);
        Set<String> received = Set.copyOf(bodiesOf(deliveries("restart")));
        assertTrue(received.containsAll(before), "every message published before the restart was processed");
        assertTrue(received.containsAll(after), "every message published after the restart was processed");

        long firstAfter = deliveries("restart").stream().filter(d -> d.body().startsWith("after"))
                .mapToLong(Delivery::receivedAtMillis).min().orElseThrow();
        System.out.printf("natscap measured: first delivery %d ms after nats-server was back, %d deliveries for 200 messages%n",
                firstAfter - restarted, deliveries("restart").size());
        awaitNothingPending("JSRESTART", "restart");
    }

    // --- helpers ---------------------------------------------------------------------------------

    private static List<String> bodies(String prefix, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> prefix + "-" + i).toList();
    }

    private static Connection connect() throws Exception {
        return Nats.connect(new Options.Builder().server(NatsServerForPayara.server().url())
                .maxReconnects(-1).reconnectWait(Duration.ofMillis(200)).build());
    }

    private static void publishToStream(String subject, List<String> bodies) throws Exception {
        try (Connection nats = connect()) {
            JetStream js = nats.jetStream();
            for (String body : bodies) {
                js.publish(subject, body.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private List<Delivery> deliveries(String name) {
        String text = Http.get(base, "deliveries?name=" + name).body();
        return text.isEmpty() ? List.of() : Arrays.stream(text.split("\n")).map(Delivery::parse).toList();
    }

    private static List<String> bodiesOf(List<Delivery> deliveries) {
        return deliveries.stream().map(Delivery::body).toList();
    }

    private void awaitCount(String name, int count) {
        Await.until(LIMIT, () -> deliveries(name).size() >= count,
                () -> "'" + name + "' received " + deliveries(name).size() + " of " + count + " messages");
    }

    private void awaitDistinct(String name, int count) {
        Function<List<Delivery>, Integer> distinct = d -> new HashSet<>(bodiesOf(d)).size();
        Await.until(LIMIT, () -> distinct.apply(deliveries(name)) >= count,
                () -> "'" + name + "' received " + distinct.apply(deliveries(name)) + " of " + count + " distinct messages");
    }

    /** Every message acknowledged or terminated: the consumer has nothing pending or in flight. */
    private static void awaitNothingPending(String stream, String durable) throws Exception {
        try (Connection nats = connect()) {
            JetStreamManagement jsm = nats.jetStreamManagement();
            Await.until(LIMIT, () -> {
                ConsumerInfo info = consumer(jsm, stream, durable);
                return info.getNumPending() == 0 && info.getNumAckPending() == 0;
            }, () -> "consumer " + durable + " on " + stream + " still has " + consumer(jsm, stream, durable).getNumPending()
                    + " pending and " + consumer(jsm, stream, durable).getNumAckPending() + " unacknowledged");
        }
    }

    private static ConsumerInfo consumer(JetStreamManagement jsm, String stream, String durable) {
        try {
            return jsm.getConsumerInfo(stream, durable);
        } catch (Exception e) {
            throw new AssertionError("no consumer " + durable + " on stream " + stream + ": " + e, e);
        }
    }
}
