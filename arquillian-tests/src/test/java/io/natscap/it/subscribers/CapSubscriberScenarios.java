package io.natscap.it.subscribers;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import io.nats.client.PublishOptions;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.natscap.it.Http;
import io.natscap.it.NatsServerForPayara;
import io.natscap.testing.Await;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CAP subscribers as message-driven beans in Payara Micro: groups, the inbox, retries, malformed
 * input, callbacks, and messages of a CAP .NET producer. Run once per database
 * ({@link CapSubscribersOnH2IT}, {@link CapSubscribersOnPostgresIT}).
 */
@RunAsClient
abstract class CapSubscriberScenarios {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    @ArquillianResource
    private URL base;

    /** The test application: cap-ejb, the subscribers of this package, cap.* options from {@code config}. */
    static WebArchive application(String name, String config) {
        return ShrinkWrap.create(WebArchive.class, name)
                .addPackages(true, "io.natscap.cap")
                .addPackage(CapSubscriberScenarios.class.getPackage())
                .deleteClasses(CapSubscriberScenarios.class, CapSubscribersOnH2IT.class, CapSubscribersOnPostgresIT.class,
                        FreshPostgresTables.class)
                .addAsResource(config, "META-INF/microprofile-config.properties")
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
    }

    @Test
    void everyGroupGetsEachEventOnceAndInstancesOfAGroupSplitThem() throws Exception {
        List<Map<String, String>> seenByCapDotNet = new CopyOnWriteArrayList<>();
        try (Connection watcher = connect()) {
            Dispatcher dispatcher = watcher.createDispatcher(m -> {
                Map<String, String> headers = new java.util.HashMap<>();
                m.getHeaders().entrySet().forEach(e -> headers.put(e.getKey(), e.getValue().get(0)));
                seenByCapDotNet.add(headers);
            });
            dispatcher.subscribe("itsub.orders.created");
            watcher.flush(Duration.ofSeconds(5));

            List<String> ids = new ArrayList<>();
            for (int i = 1; i <= 40; i++) {
                ids.add(publish("itsub.orders.created", order("g-" + i), null));
            }
            awaitHandled("billing", 40);
            awaitHandled("audit", 40);
            List<Handled> billing = handled("billing");
            assertEquals(Set.copyOf(ids), messageIds(billing), "billing got every message id");
            assertEquals(40, billing.size(), "once each across both instances");
            assertEquals(Set.of("BillingA", "BillingB"), billing.stream().map(Handled::subscriber).collect(Collectors.toSet()),
                    "both instances of the group took a share");
            assertEquals(Set.copyOf(ids), messageIds(handled("audit")));
            assertTrue(handled("audit").stream().allMatch(h -> h.messageType().equals("OrderCreated")),
                    "cap-msg-type is the value's type");
            awaitInbox("billing.v1", "{Succeeded=40}");
            awaitInbox("audit.v1", "{Succeeded=40}");

            // what a CAP .NET subscriber reads from every message cap-ejb publishes
            Await.until(LIMIT, () -> seenByCapDotNet.size() >= 40, "the raw subscriber saw the 40 messages");
            for (Map<String, String> headers : seenByCapDotNet) {
                for (String header : List.of("cap-msg-id", "cap-msg-name", "cap-msg-type", "cap-senttime", "cap-corr-id", "cap-corr-seq",
                        "Nats-Msg-Id")) {
                    assertNotNull(headers.get(header), header + " in " + headers);
                }
                assertEquals("itsub.orders.created", headers.get("cap-msg-name"));
                assertEquals(headers.get("cap-msg-id"), headers.get("cap-corr-id"));
                assertEquals("0", headers.get("cap-corr-seq"));
                assertTrue(headers.get("cap-senttime").matches("\\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}:\\d{2}"),
                        "cap-senttime as CAP .NET writes it, MM/dd/yyyy HH:mm:ss: " + headers.get("cap-senttime"));
            }
        }
    }

    @Test
    void theSameMessageIdPublishedTwiceRunsTheBusinessMethodOnce() throws Exception {
        Map<String, String> headers = capHeaders("777000000000000001", "itsub.dedup");
        // two copies, as a foreign producer might send them: different Nats-Msg-Id, so the stream keeps both
        rawPublish("itsub.dedup", headers, "{\"orderId\":\"d-1\"}", "copy-1");
        rawPublish("itsub.dedup", headers, "{\"orderId\":\"d-1\"}", "copy-2");
        rawPublish("itsub.dedup", capHeaders("777000000000000002", "itsub.dedup"), "{\"orderId\":\"d-2\"}", "other");
        awaitHandled("dedup", 2);
        awaitInbox("dedup.v1", "{Succeeded=2}");
        // the second copy has been delivered too once the consumer has nothing left
        Await.until(LIMIT, () -> pendingOf("dedup_v1-itsub_dedup") == 0, "both copies delivered and acknowledged");
        assertEquals(List.of("d-1", "d-2"), handled("dedup").stream().map(Handled::value).sorted().toList(), "d-1 ran once");
    }

    @Test
    void aSubscriberThatFailsTwiceThenSucceedsRunsOnceWithItsRetriesRecorded() throws Exception {
        String id = publish("itsub.flaky", order("f-1"), null);
        awaitHandled("flaky", 1);
        assertEquals(3, handled("flaky").get(0).deliveryCount(), "succeeded on the third delivery");
        Await.until(LIMIT, () -> Http.get(base, "subscribers?group=flaky.v1&id=" + id).body().equals(
                rowId("flaky.v1", id) + " Succeeded 2"),
                () -> "inbox row Succeeded with 2 retries: " + Http.get(base, "subscribers?group=flaky.v1&id=" + id).body());
    }

    @Test
    void aSubscriberThatAlwaysFailsIsGivenUpAndLaterMessagesAreProcessed() throws Exception {
        String bad = publish("itsub.doomed", order("bad-1"), null);
        for (int i = 1; i <= 3; i++) {
            publish("itsub.doomed", order("ok-" + i), null);
        }
        awaitHandled("doomed-good", 3);
        Await.until(LIMIT, () -> !exhausted().isEmpty(), "RetriesExhausted fired");
        assertEquals(List.of(bad + " itsub.doomed 3"), exhausted(), "RetriesExhausted fired once, after 3 attempts");
        Await.until(LIMIT, () -> Http.get(base, "subscribers?group=doomed.v1").body().equals("{Failed=1, Succeeded=3}"),
                () -> "inbox of doomed.v1: " + Http.get(base, "subscribers?group=doomed.v1").body());
        Await.until(LIMIT, () -> pendingOf("doomed_v1-itsub_doomed") == 0, "the failed message was terminated, not redelivered for ever");
    }

    @Test
    void malformedMissingAndMistypedMessagesAreStoredAsFailedAndTheNextIsProcessed() throws Exception {
        rawPublish("itsub.typed", capHeaders("888000000000000001", "itsub.typed"), "{\"orderId\": ", "m-1");
        Map<String, String> nameless = new java.util.HashMap<>(capHeaders("888000000000000002", "itsub.typed"));
        nameless.remove("cap-msg-name");
        rawPublish("itsub.typed", nameless, "{\"orderId\":\"x\"}", "m-2");
        rawPublish("itsub.typed", capHeaders("888000000000000003", "itsub.typed"), "[1, 2, 3]", "m-3");
        rawPublishBytes("itsub.typed", capHeaders("888000000000000004", "itsub.typed"), new byte[] {(byte) 0xC3, (byte) 0x28}, "m-4");
        rawPublish("itsub.typed", capHeaders("888000000000000005", "itsub.typed"), "{\"orderId\":\"good-1\"}", "m-5");

        awaitHandled("typed", 1);
        assertEquals("good-1", handled("typed").get(0).value());
        awaitInbox("typed.v1", "{Failed=4, Succeeded=1}");
        Await.until(LIMIT, () -> pendingOf("typed_v1-itsub_typed") == 0, "every message acknowledged, none redelivered");
        assertEquals(1, handled("typed").size());
    }

    @Test
    void aCallbackCarriesTheAnswerWithTheCorrelationOfTheQuestion() throws Exception {
        String question = publish("itsub.quote", order("q-1"), "itsub.quote-replies");
        awaitHandled("replies", 1);
        Handled reply = handled("replies").get(0);
        assertEquals(List.of("quote for q-1", question, 1), List.of(reply.value(), reply.correlationId(), reply.correlationSequence()),
                "the answer, cap-corr-id = the question's id, cap-corr-seq = 1");
    }

    @Test
    void aMessageBuiltAsCapDotNetSendsItIsConsumed() throws Exception {
        // exactly what CAP .NET 10's publisher and NATS transport put on the wire for Publish("itsub.orders.created", order):
        // cap-senttime is DateTime.Now.ToString(CultureInfo.InvariantCulture), a local time without a zone
        Map<String, String> headers = Map.of(
                "cap-msg-id", "1795548123456789504",
                "cap-msg-name", "itsub.orders.created",
                "cap-msg-type", "OrderCreated",
                "cap-senttime", "11/24/2026 20:00:00",
                "cap-corr-id", "1795548123456789504",
                "cap-corr-seq", "0");
        rawPublish("itsub.orders.created", headers, "{\"orderId\":\"dotnet-1\",\"customer\":\"bob\",\"amount\":3.5}",
                "1795548123456789504");
        Await.until(LIMIT, () -> handled("audit").stream()
                        .anyMatch(h -> h.value().equals("dotnet-1") && h.messageId() == 1795548123456789504L),
                "the audit group received the .NET message with its cap-msg-id");
        Await.until(LIMIT, () -> handled("billing").stream().anyMatch(h -> h.value().equals("dotnet-1")), "billing received it too");
    }

    @Test
    void aForeignProducersPlainJsonIsConsumedOnceWithTheHeadersItsSubscriberBuilds() throws Exception {
        // no cap-* header at all: the subscriber's customHeaders names it and takes the producer's id
        Map<String, String> foreign = Map.of("event-type", "placed", "event-id", "4242");
        rawPublish("itsub.legacy", foreign, "{\"orderId\":\"legacy-1\"}", "legacy-copy-1");
        rawPublish("itsub.legacy", foreign, "{\"orderId\":\"legacy-1\"}", "legacy-copy-2");
        awaitHandled("legacy", 1);
        awaitInbox("legacy.v1", "{Succeeded=1}");
        Await.until(LIMIT, () -> pendingOf("legacy_v1-itsub_legacy") == 0, "both copies delivered and acknowledged");
        Handled handled = handled("legacy").get(0);
        assertEquals(List.of("legacy-1", 4242L), List.of(handled.value(), handled.messageId()),
                "the value, and the id the producer gave it");
        assertEquals(1, handled("legacy").size(), "the second copy, same event-id, was skipped by the inbox");
    }

    @Test
    void anOrderedGroupBooksEachAccountsEntriesInOrderOnceAcrossANatsServerRestart() throws Exception {
        int accounts = 10;
        int perAccount = 100;
        try (Connection nats = connect()) {
            JetStream js = nats.jetStream();
            for (int i = 0; i < accounts * perAccount; i++) {
                String account = "acct-" + (i % accounts);
                String subject = "itsub.ledger." + account;
                Headers headers = new Headers();
                capHeaders(Long.toString(555000000000000000L + i), subject).forEach(headers::put);
                js.publish(NatsMessage.builder().subject(subject).headers(headers)
                        .data(("\"" + account + ":" + (i / accounts + 1) + "\"").getBytes(StandardCharsets.UTF_8)).build());
            }
        }
        Await.until(LIMIT, () -> handled("ledger").size() >= 300, () -> "300 entries booked before the restart; "
                + handled("ledger").size() + " were");
        NatsServerForPayara.server().restart();
        awaitHandled("ledger", accounts * perAccount);
        awaitInbox("ledger.v1", "{Succeeded=" + accounts * perAccount + "}");
        Await.until(LIMIT, () -> pendingOf("ledger_v1-itsub_ledger__") == 0, "every entry acknowledged");

        Map<String, List<Integer>> booked = new java.util.TreeMap<>();
        for (Handled h : handled("ledger")) {
            String[] entry = h.value().split(":");
            booked.computeIfAbsent(entry[0], a -> new ArrayList<>()).add(Integer.parseInt(entry[1]));
        }
        List<Integer> inOrder = java.util.stream.IntStream.rangeClosed(1, perAccount).boxed().toList();
        for (int a = 0; a < accounts; a++) {
            assertEquals(inOrder, booked.get("acct-" + a), "acct-" + a + "'s entries booked once each, in publish order");
        }
        assertEquals(List.of(), handled("ledger-overlap"), "never two entries of one account at once");
        assertTrue(handled("ledger").stream().anyMatch(h -> h.value().equals("acct-3:10") && h.deliveryCount() >= 2),
                "acct-3:10 was booked on its second attempt (run again in place), before acct-3:11");
    }

    // --- helpers ---------------------------------------------------------------------------------

    private static String order(String id) {
        return "{\"orderId\":\"" + id + "\",\"customer\":\"alice\",\"amount\":12.5}";
    }

    private String publish(String name, String json, String callback) {
        var response = Http.post(base, "subscribers?name=" + name + (callback == null ? "" : "&callback=" + callback), json);
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private static Map<String, String> capHeaders(String id, String name) {
        return Map.of("cap-msg-id", id, "cap-msg-name", name, "cap-corr-id", id, "cap-corr-seq", "0");
    }

    private static void rawPublish(String subject, Map<String, String> headers, String body, String natsMsgId) throws Exception {
        rawPublishBytes(subject, headers, body.getBytes(StandardCharsets.UTF_8), natsMsgId);
    }

    private static void rawPublishBytes(String subject, Map<String, String> headers, byte[] body, String natsMsgId) throws Exception {
        try (Connection nats = connect()) {
            JetStream js = nats.jetStream();
            Headers natsHeaders = new Headers();
            headers.forEach(natsHeaders::put);
            js.publish(NatsMessage.builder().subject(subject).headers(natsHeaders).data(body).build(),
                    PublishOptions.builder().messageId(natsMsgId).build());
        }
    }

    private static Connection connect() throws Exception {
        return Nats.connect(NatsServerForPayara.server().url());
    }

    private static long pendingOf(String durable) {
        try (Connection nats = connect()) {
            var info = nats.jetStreamManagement().getConsumerInfo("itsub", durable);
            return info.getNumPending() + info.getNumAckPending();
        } catch (Exception e) {
            throw new AssertionError("consumer " + durable + ": " + e, e);
        }
    }

    private List<Handled> handled(String name) {
        return linesOf("subscribers?received=" + name).stream().map(Handled::parse).toList();
    }

    /** The RetriesExhausted events, as "cap-msg-id name retries". */
    private List<String> exhausted() {
        return linesOf("subscribers?exhausted");
    }

    private List<String> linesOf(String path) {
        var response = Http.get(base, path);
        assertEquals(200, response.statusCode(), () -> "the test application answers: " + response.body());
        String text = response.body();
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }

    private static Set<String> messageIds(List<Handled> handled) {
        return handled.stream().map(h -> Long.toString(h.messageId())).collect(Collectors.toSet());
    }

    private void awaitHandled(String name, int count) {
        Await.until(LIMIT, () -> handled(name).size() >= count,
                () -> "'" + name + "' recorded " + handled(name).size() + " of " + count);
    }

    private void awaitInbox(String group, String expected) {
        Await.until(LIMIT, () -> Http.get(base, "subscribers?group=" + group).body().equals(expected),
                () -> "inbox of " + group + " is " + Http.get(base, "subscribers?group=" + group).body() + ", expected " + expected);
    }

    private String rowId(String group, String messageId) {
        String row = Http.get(base, "subscribers?group=" + group + "&id=" + messageId).body();
        return row.split(" ")[0];
    }
}
