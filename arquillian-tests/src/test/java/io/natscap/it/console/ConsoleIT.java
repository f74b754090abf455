package io.natscap.it.console;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamInfo;
import io.natscap.it.Browser;
import io.natscap.it.Http;
import io.natscap.it.NatsServerForPayara;
import io.natscap.testing.Await;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * natscap's console in a real browser (headless Chromium) against Payara Micro: an operator finds
 * a message that a subscriber threw on, opens it and re-executes it once the fault is gone, and
 * requeues a published one; a viewer only reads; without a login, without a console role or
 * without the session's CSRF token nothing is done; markup in a body stays text.
 */
@ExtendWith({NatsServerForPayara.class, ArquillianExtension.class})
@RunAsClient
class ConsoleIT {

    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final String STREAM = "itconsole";
    private static Browser browser;

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive application() {
        return ShrinkWrap.create(WebArchive.class, "console-it.war")
                .addPackages(true, "io.natscap.cap")
                .addAsLibrary(new File(System.getProperty("natscap.it.consoleJar")))
                .addClasses(ConsoleLogins.class, FaultyPayments.class, ConsoleServlet.class)
                .addAsResource("outbox/microprofile-config.properties", "META-INF/microprofile-config.properties")
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
    }

    /** One browser for the class, started by the first test (the application's URL is known then). */
    @BeforeEach
    void browser() {
        if (browser == null) {
            browser = new Browser(base);
        }
        post("console-it/fault?on=false");
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void anOperatorOpensAMessageASubscriberThrewOnAndReExecutesItOnceTheFaultIsGone() {
        post("console-it/fault?on=true");
        String id = post("console-it/publish?value=pay-1");

        browser.logIn("operator", "operator" + ConsoleLogins.PASSWORD_SUFFIX);
        WebElement row = awaitRow("received?status=Failed&name=itconsole.payments", id);
        row.findElement(By.cssSelector("a.open")).click();
        browser.waitForText(By.id("detail-status"), "Failed");
        assertTrue(browser.driver().findElements(By.id("exception")).stream()
                        .anyMatch(e -> e.getText().contains("the payment provider is down, cannot pay pay-1")),
                "the detail shows what the subscriber threw; " + browser.whatThePageShows());
        assertEquals("0", succeeded("pay-1"));

        post("console-it/fault?on=false");
        browser.clickAndConfirm(By.id("action-reexecute"));
        browser.waitForText(By.id("notice"), "Re-execute: 1 done");
        Await.until(LIMIT, () -> {
            browser.driver().navigate().refresh();
            return browser.waitFor(By.id("detail-status"), "the message's status").getText().equals("Succeeded");
        }, () -> "the re-executed message Succeeded; the page shows " + browser.driver().findElement(By.tagName("body")).getText());
        assertEquals("1", succeeded("pay-1"), "the subscriber ran once more, successfully");
    }

    @Test
    void anOperatorRequeuesAPublishedMessageItIsDeliveredAgainWithTheSameIdAndTheInboxRunsItOnce() throws Exception {
        String id = post("console-it/publish?value=pay-2");
        Await.until(LIMIT, () -> succeeded("pay-2").equals("1"), () -> "pay-2 was paid before the requeue");
        assertEquals(1, copiesInStream(id));

        browser.logIn("operator", "operator" + ConsoleLogins.PASSWORD_SUFFIX);
        WebElement row = awaitRow("published?name=itconsole.payments", id);
        row.findElement(By.cssSelector("input.pick")).click();
        browser.clickAndConfirm(By.id("action-requeue"));
        browser.waitForText(By.id("notice"), "Requeue: 1 done (" + id + ")");

        Await.until(LIMIT, () -> copiesInStreamNow(id) == 2, () -> "the requeued message reached the stream again with cap-msg-id " + id);
        awaitConsumerIdle();
        assertEquals("1", succeeded("pay-2"), "the inbox ran the second delivery of the same id no more");
    }

    @Test
    void aViewerReadsButIsRefusedTheActionsAndSoAreStrangersAndRequestsWithoutTheToken() throws Exception {
        String id = post("console-it/publish?value=pay-3");
        Await.until(LIMIT, () -> succeeded("pay-3").equals("1"), () -> "pay-3 was paid");

        browser.logIn("viewer", "viewer" + ConsoleLogins.PASSWORD_SUFFIX);
        awaitRow("published?name=itconsole.payments", id);
        assertTrue(browser.driver().findElements(By.id("action-requeue")).isEmpty(), "no requeue button for a viewer");
        assertTrue(browser.driver().findElement(By.id("view")).getText().contains("Read only"));
        assertEquals(List.of(403L, "Only the role natscap-operator may requeue, re-execute or delete messages"),
                requeueFromThePage(id, true), "a viewer's requeue, even with the session's token");

        browser.logIn("operator", "operator" + ConsoleLogins.PASSWORD_SUFFIX);
        List<Object> withoutToken = requeueFromThePage(id, false);
        assertEquals(403L, withoutToken.get(0));
        assertTrue(String.valueOf(withoutToken.get(1)).contains("lacks this session's CSRF token"), withoutToken.toString());

        HttpResponse<String> anonymous = Http.post(base, "natscap/api/messages/published/requeue", "{\"ids\":[\"" + id + "\"]}");
        assertTrue(anonymous.statusCode() == 302 || anonymous.statusCode() == 401,
                "without a login the action is refused: " + anonymous.statusCode() + " " + anonymous.body());
        HttpResponse<String> anonymousRead = Http.get(base, "natscap/api/messages/published");
        assertTrue(anonymousRead.statusCode() == 302 || anonymousRead.statusCode() == 401,
                "without a login nothing is read: " + anonymousRead.statusCode());

        browser.logIn("outsider", "outsider" + ConsoleLogins.PASSWORD_SUFFIX);
        browser.waitForText(By.id("failure"), "natscap's console needs the role natscap-viewer (to read) or natscap-operator");

        assertEquals(1, copiesInStream(id), "none of the refused requeues sent the message again");
    }

    @Test
    void aBodyWithMarkupIsShownAsText() {
        String markup = "<script>window.natscapInjected = true</script><b id=\"injected\">bold</b>";
        String id = post("console-it/publish?value=" + URLEncoder.encode(markup, StandardCharsets.UTF_8));

        browser.logIn("operator", "operator" + ConsoleLogins.PASSWORD_SUFFIX);
        browser.open("natscap/#message/published/" + id);
        browser.waitForText(By.id("body"), "<script>");
        assertTrue(browser.driver().findElement(By.id("body")).getText().contains(markup.replace("\"", "\\\"")),
                "the body is shown as its JSON text: " + browser.driver().findElement(By.id("body")).getText());
        assertTrue(browser.driver().findElements(By.id("injected")).isEmpty(), "no element was made from the body");
        assertNull(browser.run("return window.natscapInjected;"), "no script from the body ran");
    }

    @Test
    void subscribersAndNatsShowTheConsumerAndTheStreamAsTheServerReportsThem() {
        post("console-it/publish?value=pay-4");
        Await.until(LIMIT, () -> succeeded("pay-4").equals("1"), () -> "pay-4 was paid");

        browser.logIn("viewer", "viewer" + ConsoleLogins.PASSWORD_SUFFIX);
        browser.open("natscap/#subscribers");
        WebElement bean = browser.waitFor(By.cssSelector("#endpoints tr[data-bean*='FaultyPayments']"), "the FaultyPayments bean");
        String text = bean.getText();
        assertTrue(text.contains("itconsole.payments") && text.contains(STREAM) && text.contains("payments.v1")
                && text.contains("CONNECTED"), text);

        browser.open("natscap/#nats");
        WebElement stream = browser.waitFor(By.cssSelector("#streams tr[data-stream='" + STREAM + "']"), "the itconsole stream");
        assertTrue(stream.getText().contains("itconsole.>") || stream.getText().contains("itconsole.payments"), stream.getText());
        assertTrue(browser.driver().findElement(By.id("connections")).getText().contains("CONNECTED"),
                browser.driver().findElement(By.id("connections")).getText());
    }

    @Test
    void theConsoleStaysFastWithAHundredThousandPublishedRows() {
        assertEquals("100000", post("console-it/bulk?rows=100000"));
        browser.logIn("operator", "operator" + ConsoleLogins.PASSWORD_SUFFIX);
        browser.waitFor(By.cssSelector("#counts-published"), "the overview's counts");
        browser.screenshot("console-overview-100000-rows");

        for (String route : List.of("published", "published?status=Failed", "published?name=itconsole.bulk",
                "published?before=50001")) {
            browser.open("natscap/#overview");
            browser.waitFor(By.cssSelector("#counts-published"), "the overview");
            long start = System.nanoTime();
            browser.open("natscap/#" + route);
            browser.waitFor(By.cssSelector("#messages tr[data-id]"), "the rows of " + route);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(50, browser.driver().findElements(By.cssSelector("#messages tr[data-id]")).size(), route);
            System.out.printf("natscap measured: console page #%s with 100,000 rows in cap_published shown in %d ms%n", route, millis);
        }
        long start = System.nanoTime();
        browser.open("natscap/");
        browser.waitFor(By.cssSelector("#counts-published"), "the overview");
        System.out.printf("natscap measured: console overview (counts, backlog, NATS, loops) with 100,000 rows loaded in %d ms%n",
                (System.nanoTime() - start) / 1_000_000);
    }

    /** Opens the list until the message is in it (the subscriber or the sender may not be there yet). */
    private WebElement awaitRow(String route, String messageId) {
        By row = By.cssSelector("#messages tr[data-message-id='" + messageId + "']");
        browser.open("natscap/#" + route);
        Await.until(LIMIT, () -> {
            browser.driver().navigate().refresh();
            browser.waitFor(By.id("messages"), "the list " + route);
            return !browser.driver().findElements(row).isEmpty();
        }, () -> "message " + messageId + " in #" + route + "; the page shows: " + browser.driver().findElement(By.id("view")).getText());
        return browser.driver().findElement(row);
    }

    /** A requeue sent from the page's own script, with or without the session's token: [status, error]. */
    @SuppressWarnings("unchecked")
    private List<Object> requeueFromThePage(String id, boolean withToken) {
        Object result = browser.runAsync("""
                fetch('api/session').then(r => r.json()).then(session => {
                    const headers = {'Content-Type': 'application/json'};
                    if (arguments[1]) headers[session.csrfHeader] = session.csrfToken;
                    return fetch('api/messages/published/requeue', {method: 'POST', headers: headers,
                        body: JSON.stringify({ids: [arguments[0]]})});
                }).then(r => r.json().then(body => done([r.status, body.error || JSON.stringify(body)])))
                  .catch(e => done([0, String(e)]));
                """, id, withToken);
        return (List<Object>) result;
    }

    private String succeeded(String value) {
        return Http.get(base, "console-it/succeeded?value=" + value).body();
    }

    private String post(String pathAndQuery) {
        HttpResponse<String> response = Http.post(base, pathAndQuery, "");
        assertEquals(200, response.statusCode(), pathAndQuery + ": " + response.body());
        return response.body();
    }

    private static int copiesInStreamNow(String messageId) {
        try {
            return copiesInStream(messageId);
        } catch (IOException | JetStreamApiException e) {
            throw new AssertionError("cannot read the stream " + STREAM + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** How many messages in the stream carry this cap-msg-id. */
    private static int copiesInStream(String messageId) throws IOException, JetStreamApiException, InterruptedException {
        try (Connection nats = Nats.connect(NatsServerForPayara.server().url())) {
            JetStreamManagement jsm = nats.jetStreamManagement();
            StreamInfo info = jsm.getStreamInfo(STREAM);
            int copies = 0;
            for (long seq = info.getStreamState().getFirstSequence(); seq <= info.getStreamState().getLastSequence(); seq++) {
                MessageInfo message = jsm.getMessage(STREAM, seq);
                if (message.getHeaders() != null && messageId.equals(message.getHeaders().getFirst("cap-msg-id"))) {
                    copies++;
                }
            }
            return copies;
        }
    }

    /** The bean's durable has nothing pending or unacknowledged: every message in the stream was handled. */
    private static void awaitConsumerIdle() {
        Await.until(LIMIT, () -> {
            try (Connection nats = Nats.connect(NatsServerForPayara.server().url())) {
                JetStreamManagement jsm = nats.jetStreamManagement();
                long last = jsm.getStreamInfo(STREAM).getStreamState().getLastSequence();
                List<ConsumerInfo> consumers = jsm.getConsumers(STREAM);
                return consumers.size() == 1 && consumers.get(0).getNumPending() == 0 && consumers.get(0).getNumAckPending() == 0
                        && consumers.get(0).getAckFloor().getStreamSequence() >= last;
            } catch (IOException | JetStreamApiException e) {
                throw new AssertionError("cannot read the durable of " + STREAM + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }, () -> "the durable of FaultyPayments handled every message of " + STREAM);
    }
}
