package io.natscap.it.outbox;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CapPublisher inside Payara Micro: the event leaves when, and only when, the business
 * transaction commits; bad input rolls the business change back too.
 */
@ExtendWith({NatsServerForPayara.class, ArquillianExtension.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@RunAsClient
class OutboxInPayaraIT {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive application() {
        return ShrinkWrap.create(WebArchive.class, "outbox-it.war")
                .addPackages(true, "io.natscap.cap")
                .addClasses(OrderService.class, OrdersTable.class, OutboxServlet.class)
                .addAsResource("outbox/microprofile-config.properties", "META-INF/microprofile-config.properties")
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
    }

    @Test
    @Order(1)
    void anEjbMethodPublishesInsideItsContainerTransaction() throws Exception {
        HttpResponse<String> placed = Http.post(base, "outbox?op=commit&id=o-1", "");
        assertEquals(200, placed.statusCode(), placed.body());
        String messageId = placed.body();

        MessageInfo sent = awaitStreamMessage(1);
        assertEquals(messageId, sent.getHeaders().getFirst("cap-msg-id"));
        assertEquals(messageId, sent.getHeaders().getFirst("Nats-Msg-Id"));
        assertEquals("itorders.created", sent.getHeaders().getFirst("cap-msg-name"));
        assertEquals("{\"orderId\":\"o-1\"}", new String(sent.getData(), StandardCharsets.UTF_8));
        Await.until(LIMIT, () -> state("o-1").equals("order=true outbox={Succeeded=1}"),
                () -> "order stored and its event Succeeded: " + state("o-1"));
    }

    @Test
    @Order(2)
    void aRolledBackTransactionStoresAndSendsNothing() throws Exception {
        HttpResponse<String> failed = Http.post(base, "outbox?op=rollback&id=o-2", "");
        assertEquals(500, failed.statusCode());
        assertTrue(failed.body().contains("the business method failed after publishing o-2"), failed.body());
        assertEquals("order=false outbox={Succeeded=1}", state("o-2"), "no order, no outbox row");
        // longer than the lookback and the retry interval (2 s each): a stored row would have gone out by now
        Thread.sleep(5000);
        assertEquals(1, streamCount(), "nothing was sent for the rolled-back transaction");
    }

    @Test
    @Order(3)
    void aReservedHeaderFailsClearlyAndRollsTheBusinessChangeBack() {
        HttpResponse<String> refused = Http.post(base, "outbox?op=reserved&id=o-3", "");
        assertEquals(500, refused.statusCode());
        assertEquals("CapPublishException: Header 'cap-msg-id' of event 'itorders.created' is reserved: "
                + "cap-* headers are set by natscap", refused.body());
        assertEquals("order=false outbox={Succeeded=1}", state("o-3"), "the order insert was rolled back with it");
    }

    @Test
    @Order(4)
    void aPublisherLookedUpWithResourceWorksOutsideATransaction() throws Exception {
        HttpResponse<String> published = Http.post(base, "outbox?op=resource&id=o-4", "");
        assertEquals(200, published.statusCode(), published.body());
        MessageInfo sent = awaitStreamMessage(2);
        assertEquals(published.body(), sent.getHeaders().getFirst("cap-msg-id"));
    }

    private String state(String order) {
        return Http.get(base, "outbox?order=" + order).body();
    }

    private static long streamCount() throws Exception {
        try (Connection nats = Nats.connect(NatsServerForPayara.server().url())) {
            return nats.jetStreamManagement().getStreamInfo("itorders").getStreamState().getMsgCount();
        }
    }

    private static MessageInfo awaitStreamMessage(long sequence) throws Exception {
        Await.until(LIMIT, () -> {
            try {
                return streamCount() >= sequence;
            } catch (Exception e) {
                return false;
            }
        }, "message " + sequence + " in stream itorders");
        try (Connection nats = Nats.connect(NatsServerForPayara.server().url())) {
            return nats.jetStreamManagement().getMessage("itorders", sequence);
        }
    }
}
