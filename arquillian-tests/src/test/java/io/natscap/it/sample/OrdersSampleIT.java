package io.natscap.it.sample;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.PublishOptions;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.natscap.it.Browser;
import io.natscap.it.Http;
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
import org.openqa.selenium.By;

import java.io.File;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The orders sample, as built, in Payara Micro: the HTTP contract of design.md, bad requests,
 * an event from another service, and the seed's scenario (nats-server restarts, orders still
 * get billed).
 */
@ExtendWith({NatsServerForPayara.class, ArquillianExtension.class})
@RunAsClient
class OrdersSampleIT {

    private static final Duration LIMIT = Duration.ofSeconds(60);
    /** "UP again within seconds after NATS returns", bounded generously. */
    private static final Duration READY_AGAIN_LIMIT = Duration.ofSeconds(20);
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive sample() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("natscap.it.ordersWar")));
    }

    @Test
    void aPlacedOrderIsStoredNewAndBecomesBilledWithItsInvoice() {
        HttpResponse<String> placed = Http.post(base, "api/orders", "{\"customer\":\"alice\",\"amount\":12.5}");
        assertEquals(201, placed.statusCode(), placed.body());
        String id = idOf(placed.body());
        assertEquals("{\"id\":\"" + id + "\",\"customer\":\"alice\",\"amount\":12.5,\"status\":\"NEW\"}", placed.body());
        awaitBilled(id);
        HttpResponse<String> invoice = Http.get(base, "api/invoices/" + id);
        assertEquals(200, invoice.statusCode());
        assertTrue(invoice.body().startsWith("{\"orderId\":\"" + id + "\",\"customer\":\"alice\",\"amount\":12.5"), invoice.body());
        assertTrue(Http.get(base, "api/invoices").body().contains(id));
    }

    @Test
    void badRequestsAreRefusedWithAMessageAndStoreNothing() {
        String before = Http.get(base, "api/orders").body();
        assertRefused("{\"customer\":\"bob\",\"amount\":-3}", "amount must be positive, was -3");
        assertRefused("{\"customer\":\"bob\",\"amount\":0}", "amount must be positive, was 0");
        assertRefused("{bad json", "the body is not valid JSON");
        assertRefused("{\"amount\":3}", "customer is required");
        assertRefused("{\"customer\":\"bob\",\"amount\":\"three\"}", "amount is required: a number");
        assertRefused("[1]", "the body must be a JSON object");
        assertEquals(before, Http.get(base, "api/orders").body(), "no order stored");
        assertEquals(404, Http.get(base, "api/invoices/no-such-order").statusCode());
        assertEquals(404, Http.get(base, "api/orders/no-such-order").statusCode());
    }

    @Test
    void anOrderOfAnotherServiceIsInvoicedToo() throws Exception {
        try (Connection nats = Nats.connect(NatsServerForPayara.server().url())) {
            Headers headers = new Headers().put("cap-msg-id", "4242000000000000001").put("cap-msg-name", "orders.created");
            nats.jetStream().publish(NatsMessage.builder().subject("orders.created").headers(headers)
                    .data("{\"orderId\":\"remote-1\",\"customer\":\"zoe\",\"amount\":99}".getBytes(StandardCharsets.UTF_8)).build(),
                    PublishOptions.builder().messageId("4242000000000000001").build());
        }
        Await.until(LIMIT, () -> Http.get(base, "api/invoices/remote-1").statusCode() == 200, "the invoice of remote-1");
        assertEquals(404, Http.get(base, "api/orders/remote-1").statusCode(), "not an order of this service");
    }

    @Test
    void afterNatsServerRestartsNewOrdersAreStillBilled() {
        NatsTestServer server = NatsServerForPayara.server();
        server.restart();
        HttpResponse<String> placed = Http.post(base, "api/orders", "{\"customer\":\"carol\",\"amount\":7}");
        assertEquals(201, placed.statusCode(), placed.body());
        awaitBilled(idOf(placed.body()));
    }

    @Test
    void anOrderPlacedWhileNatsIsDownIsBilledOnceItIsBack() {
        NatsTestServer server = NatsServerForPayara.server();
        server.stop();
        HttpResponse<String> placed = Http.post(base, "api/orders", "{\"customer\":\"dave\",\"amount\":3}");
        assertEquals(201, placed.statusCode(), "the order is taken while NATS is down: " + placed.body());
        String id = idOf(placed.body());
        server.startAgain();
        awaitBilled(id);
    }

    @Test
    void readinessIsDownWhileNatsIsStoppedAndUpSoonAfterItReturns() {
        NatsTestServer server = NatsServerForPayara.server();
        Await.until(LIMIT, () -> ready().statusCode() == 200, () -> "ready before the outage: " + ready().body());
        assertTrue(ready().body().contains("\"natscap-outbox\""), "natscap's check is part of readiness: " + ready().body());

        server.stop();
        Await.until(LIMIT, () -> ready().statusCode() == 503, () -> "readiness DOWN while NATS is stopped: " + ready().body());
        HttpResponse<String> down = ready();
        assertTrue(down.body().contains("\"status\":\"DOWN\"") && (down.body().contains("the pooled connection is ")
                        || down.body().contains("no connection can be borrowed")),
                "the check says why NATS cannot take messages: " + down.body());

        server.startAgain();
        long back = System.nanoTime();
        Await.until(READY_AGAIN_LIMIT, () -> ready().statusCode() == 200,
                () -> "readiness UP within " + READY_AGAIN_LIMIT.toSeconds() + " s of NATS' return: " + ready().body());
        System.out.printf("natscap measured: /health/ready UP %d ms after nats-server was back%n",
                (System.nanoTime() - back) / 1_000_000);
    }

    @Test
    void livenessListsNatscapsBackgroundLoops() {
        HttpResponse<String> live = Http.get(root(), "health/live");
        assertEquals(200, live.statusCode(), live.body());
        assertTrue(live.body().contains("\"natscap-processors\"") && live.body().contains("outbox retry processor")
                && live.body().contains("transport check"), "natscap's loops are checked: " + live.body());
    }

    @Test
    void theMetricsCountWhatThisTestPublishedAndConsumed() {
        // other tests of this class place orders too: count from what the metrics show now
        Map<String, Long> before = metrics();
        int orders = 5;
        for (int i = 0; i < orders; i++) {
            HttpResponse<String> placed = Http.post(base, "api/orders", "{\"customer\":\"metrics\",\"amount\":1}");
            assertEquals(201, placed.statusCode(), placed.body());
            awaitBilled(idOf(placed.body()));
        }
        List<String> counted = List.of(
                "natscap_outbox_messages{status=\"Succeeded\"}",
                "natscap_inbox_messages{status=\"Succeeded\"}",
                "natscap_outbox_published_total{name=\"orders.created\"}",
                "natscap_outbox_sent_total{name=\"orders.created\"}",
                "natscap_inbox_received_total{group=\"billing.v1\",name=\"orders.created\"}",
                "natscap_inbox_succeeded_total{group=\"billing.v1\",name=\"orders.created\"}");
        Await.until(LIMIT, () -> {
            Map<String, Long> now = metrics();
            return counted.stream().allMatch(m -> now.getOrDefault(m, 0L) - before.getOrDefault(m, 0L) == orders);
        }, () -> "each of " + counted + " grew by " + orders + ": before " + before + ", now " + metrics());
        Map<String, Long> after = metrics();
        assertEquals(0L, after.get("natscap_outbox_backlog_messages{}"), "nothing left to send: " + after);
        assertTrue(after.getOrDefault("natscap_outbox_publish_to_ack_seconds_count{name=\"orders.created\"}", 0L) >= orders,
                "every ack was timed: " + after);
        assertTrue(after.getOrDefault("natscap_pool_borrow_seconds_count{}", 0L) >= 1, "borrows were timed: " + after);
    }

    private HttpResponse<String> ready() {
        return Http.get(root(), "health/ready");
    }

    /**
     * natscap's series in /metrics (Prometheus text), keyed by name and tags as {@code name{tag="v",...}}
     * without Payara's mp_scope tag; values as whole numbers.
     */
    private Map<String, Long> metrics() {
        HttpResponse<String> metrics = Http.get(root(), "metrics?scope=application");
        assertEquals(200, metrics.statusCode(), metrics.body());
        Map<String, Long> series = new java.util.TreeMap<>();
        for (String line : metrics.body().split("\n")) {
            if (!line.startsWith("natscap_")) {
                continue;
            }
            String key = line.substring(0, line.lastIndexOf(' ')).replaceAll("mp_scope=\"[^\"]*\",?", "")
                    .replace(",}", "}");
            series.put(key, (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
        }
        return series;
    }

    /** The tour of README: the sample page's link, the console's login, the order's event in the list (README's screenshot). */
    @Test
    void theSamplePageLeadsAnOperatorToTheConsoleWhereTheOrdersEventIsListed() {
        HttpResponse<String> placed = Http.post(base, "api/orders", "{\"customer\":\"carol\",\"amount\":42}");
        String id = idOf(placed.body());
        awaitBilled(id);

        try (Browser browser = new Browser(base)) {
            browser.open("");
            browser.waitFor(By.id("console"), "the sample page's link to the console").click();
            browser.waitFor(By.id("j_username"), "the console's login form").sendKeys("operator");
            browser.driver().findElement(By.id("j_password")).sendKeys("operator");
            browser.driver().findElement(By.id("login")).click();
            browser.waitForText(By.id("user"), "operator (operator)");
            browser.waitFor(By.cssSelector("#counts-published td[data-status='Succeeded']"), "the published counts");
            browser.waitForText(By.id("transport"), "up");
            browser.screenshot("console-overview");

            browser.open("natscap/#published?name=orders.created");
            browser.waitFor(By.cssSelector("#messages tr[data-id]"), "the orders.created events");
            assertTrue(browser.driver().findElements(By.cssSelector("#messages tr[data-id]")).stream()
                    .anyMatch(row -> row.getText().contains("orders.created") && row.getText().contains("Succeeded")),
                    browser.whatThePageShows());
            assertFalse(browser.driver().findElement(By.id("view")).getText().contains("null"),
                    "an absent part of the page is left out, not shown as 'null'; " + browser.whatThePageShows());
            browser.screenshot("console-published");
        }
    }

    /** The server's root, where MicroProfile's /health and /metrics are. */
    private URL root() {
        try {
            return new URL(base.getProtocol(), base.getHost(), base.getPort(), "/");
        } catch (java.net.MalformedURLException e) {
            throw new AssertionError(e);
        }
    }

    private void assertRefused(String body, String message) {
        HttpResponse<String> refused = Http.post(base, "api/orders", body);
        assertEquals(400, refused.statusCode(), body + " -> " + refused.body());
        assertTrue(refused.body().startsWith("{\"error\":\"") && refused.body().contains(message), refused.body());
    }

    private void awaitBilled(String id) {
        Await.until(LIMIT, () -> Http.get(base, "api/orders/" + id).body().contains("\"status\":\"BILLED\""),
                () -> "order " + id + " billed; it is " + Http.get(base, "api/orders/" + id).body()
                        + ", outbox " + Http.get(base, "api/outbox").body());
    }

    private static String idOf(String json) {
        Matcher id = ID.matcher(json);
        assertTrue(id.find(), json);
        return id.group(1);
    }
}
