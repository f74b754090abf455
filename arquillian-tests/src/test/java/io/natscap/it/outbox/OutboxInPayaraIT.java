package io.natscap.it.outbox;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * CapPublisher inside Payara Micro: the event leaves when, and only when, the business
 * transaction commits; bad input rolls the business change back too. Each test uses its own
 * order ids and finds its messages in the stream by their cap-msg-id, so the tests run in any
 * order.
 */
@ExtendWith({NatsServerForPayara.class, ArquillianExtension.class})
@RunAsClient
class OutboxInPayaraIT {

    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final String STREAM = "itorders";

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
    void anEjbMethodPublishesInsideItsContainerTransaction() throws Exception {
        String messageId = placed("commit", "o-1");

        MessageInfo sent = awaitInStream(messageId);
        assertEquals(messageId, sent.getHeaders().getFirst("Nats-Msg-Id"));
        assertEquals("itorders.created", sent.getHeaders().getFirst("cap-msg-name"));
        assertEquals("{\"orderId\":\"o-1\"}", new String(sent.getData(), StandardCharsets.UTF_8));
        assertEquals("order=true events=1", state("o-1"), "the order and its one outbox row");
        Await.until(LIMIT, () -> status(messageId).equals("Succeeded"),
                () -> "the outbox row of the sent event is Succeeded, not " + status(messageId));
    }

    @Test
    void aRolledBackTransactionStoresAndSendsNothing() throws Exception {
        HttpResponse<String> failed = Http.post(base, "outbox?op=rollback&id=o-2", "");
        assertEquals(500, failed.statusCode());
        assertTrue(failed.body().contains("the business method failed after publishing o-2"), failed.body());
        assertEquals("order=false events=0", state("o-2"), "no order, no outbox row");

        // Commits are sent in the order they happen: once an event committed after the rollback is
        // in the stream, an event wrongly kept from the rolled-back transaction would be there too.
        awaitInStream(placed("commit", "o-2-after"));
        assertEquals(Optional.empty(), streamMessageWithBody("{\"orderId\":\"o-2\"}"),
                "nothing was sent for the rolled-back transaction");
    }

    @Test
    void aReservedHeaderFailsClearlyAndRollsTheBusinessChangeBack() {
        HttpResponse<String> refused = Http.post(base, "outbox?op=reserved&id=o-3", "");
        assertEquals(500, refused.statusCode());
        assertEquals("CapPublishException: Header 'cap-msg-name' of event 'itorders.created' is reserved: "
                + "cap-* headers are set by natscap, except cap-msg-id, cap-corr-id and cap-corr-seq", refused.body());
        assertEquals("order=false events=0", state("o-3"), "the order insert was rolled back with it");
    }

    @Test
    void aCallersOwnIdIsSentAsTheMessageIdAndTheSameIdTwiceIsRefusedAndRolledBack() throws Exception {
        HttpResponse<String> own = Http.post(base, "outbox?op=own-id&id=o-5&msg=4711", "");
        assertEquals(List.of(200, "4711"), List.of(own.statusCode(), own.body()), "the message id is the caller's");
        MessageInfo sent = awaitInStream("4711");
        assertEquals("{\"orderId\":\"o-5\"}", new String(sent.getData(), StandardCharsets.UTF_8));

        HttpResponse<String> again = Http.post(base, "outbox?op=own-id&id=o-6&msg=4711", "");
        assertEquals(500, again.statusCode());
        assertEquals("CapPublishException: Event 'itorders.created' has cap-msg-id 4711, which the outbox already holds: "
                + "a caller's cap-msg-id must be unique", again.body());
        assertEquals("order=false events=0", state("o-6"), "the second order was rolled back with it");
    }

    @Test
    void aPublisherLookedUpWithResourceWorksOutsideATransaction() throws Exception {
        String messageId = placed("resource", "o-4");
        MessageInfo sent = awaitInStream(messageId);
        assertEquals("{\"orderId\":\"o-4\"}", new String(sent.getData(), StandardCharsets.UTF_8));
    }

    /** Runs the servlet's operation and returns the cap-msg-id it published. */
    private String placed(String op, String order) {
        HttpResponse<String> placed = Http.post(base, "outbox?op=" + op + "&id=" + order, "");
        assertEquals(200, placed.statusCode(), placed.body());
        return placed.body();
    }

    private String state(String order) {
        return Http.get(base, "outbox?order=" + order).body();
    }

    private String status(String messageId) {
        return Http.get(base, "outbox?message=" + messageId).body();
    }

    private static MessageInfo awaitInStream(String messageId) {
        Await.until(LIMIT, () -> streamMessage(m -> messageId.equals(m.getHeaders().getFirst("cap-msg-id"))).isPresent(),
                () -> "the message with cap-msg-id " + messageId + " is not in stream " + STREAM);
        return streamMessage(m -> messageId.equals(m.getHeaders().getFirst("cap-msg-id"))).orElseThrow();
    }

    private static Optional<MessageInfo> streamMessageWithBody(String body) {
        return streamMessage(m -> body.equals(new String(m.getData(), StandardCharsets.UTF_8)));
    }

    /** The first message of the stream that matches; the stream holds a handful, read one by one. */
    private static Optional<MessageInfo> streamMessage(Predicate<MessageInfo> matching) {
        try (Connection nats = Nats.connect(NatsServerForPayara.server().url())) {
            JetStreamManagement jsm = nats.jetStreamManagement();
            long last;
            try {
                last = jsm.getStreamInfo(STREAM).getStreamState().getLastSequence();
            } catch (JetStreamApiException noStreamYet) {
                return Optional.empty();
            }
            for (long sequence = 1; sequence <= last; sequence++) {
                MessageInfo message = jsm.getMessage(STREAM, sequence);
                if (matching.test(message)) {
                    return Optional.of(message);
                }
            }
            return Optional.empty();
        } catch (Exception e) {
            return fail("cannot read stream " + STREAM + ": " + e, e);
        }
    }
}
