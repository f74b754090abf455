package io.natscap.it.outbound;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
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

import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed's failure, in a real Payara Micro with the RAR deployed and pools validated at
 * checkout: after nats-server restarts, and after an outage long enough to close a pooled
 * connection, an application that borrows from the pool publishes again, without a redeploy.
 */
@ExtendWith({NatsServerForPayara.class, ArquillianExtension.class})
@RunAsClient
class PooledPublishingIT {

    private static final Duration CLOSED_LIMIT = Duration.ofSeconds(60);

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive application() {
        return ShrinkWrap.create(WebArchive.class, "outbound-it.war").addClass(PublishingServlet.class);
    }

    @Test
    void publishesAcrossServerRestart() throws Exception {
        NatsTestServer server = NatsServerForPayara.server();
        createStream(server, "RESTART", "restart.>");

        assertPublished(publish("default", "restart.order", "r-1", "before restart"), "RESTART 1");
        server.restart();
        assertPublished(publish("default", "restart.order", "r-2", "after restart"), "RESTART 2");

        try (Connection raw = Nats.connect(server.url())) {
            JetStreamManagement jsm = raw.jetStreamManagement();
            assertEquals(2, jsm.getStreamInfo("RESTART").getStreamState().getMsgCount());
            assertEquals("before restart", text(jsm.getMessage("RESTART", 1).getData()));
            assertEquals("after restart", text(jsm.getMessage("RESTART", 2).getData()));
        }
    }

    @Test
    void publishesAgainAfterAnOutageClosedThePooledConnection() throws Exception {
        NatsTestServer server = NatsServerForPayara.server();
        createStream(server, "OUTAGE", "outage.>");
        assertPublished(publish("short", "outage.order", "o-1", "before outage"), "OUTAGE 1");

        server.stop();
        // While the pooled connection reconnects, borrowing still hands it out. Once it is CLOSED
        // the pool must drop it and try to open a new one, which fails while the server is down.
        AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
        Await.until(CLOSED_LIMIT, () -> {
            last.set(Http.get(base, "state?pool=short"));
            return last.get().statusCode() == 503;
        }, () -> "borrowing from the short pool failed once its connection closed; last answer: "
                + last.get().statusCode() + " " + last.get().body());
        String refusal = last.get().body();
        assertTrue(refusal.contains("Cannot connect to NATS") && refusal.contains(server.url()),
                "a new connection was attempted, naming the server: " + refusal);

        server.startAgain();
        assertPublished(publish("short", "outage.order", "o-2", "after outage"), "OUTAGE 2");
        assertEquals("CONNECTED", Http.get(base, "state?pool=short").body());

        try (Connection raw = Nats.connect(server.url())) {
            assertEquals(2, raw.jetStreamManagement().getStreamInfo("OUTAGE").getStreamState().getMsgCount());
        }
    }

    private HttpResponse<String> publish(String pool, String subject, String id, String body) {
        return Http.post(base, "publish?pool=" + pool + "&subject=" + subject + "&id=" + id, body);
    }

    private static void assertPublished(HttpResponse<String> response, String expectedAck) {
        assertEquals(200, response.statusCode(), () -> "publish failed: " + response.body());
        assertEquals(expectedAck, response.body());
    }

    private static void createStream(NatsTestServer server, String name, String subjects) throws Exception {
        try (Connection raw = Nats.connect(server.url())) {
            raw.jetStreamManagement().addStream(StreamConfiguration.builder()
                    .name(name).subjects(subjects).storageType(StorageType.File).build());
        }
    }

    private static String text(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }
}
