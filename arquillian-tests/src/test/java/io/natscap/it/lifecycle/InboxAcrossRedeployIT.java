package io.natscap.it.lifecycle;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import io.nats.client.PublishOptions;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.natscap.it.Http;
import io.natscap.it.NatsServerForPayara;
import io.natscap.it.subscribers.Dedup;
import io.natscap.it.subscribers.Handled;
import io.natscap.it.subscribers.OrderCreated;
import io.natscap.it.subscribers.Received;
import io.natscap.it.subscribers.SubscribersServlet;
import io.natscap.testing.Await;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The inbox outlives the application: a message id that a group processed before a redeploy is
 * not processed again after it (the inbox lives in the database, Payara's embedded H2 here).
 */
@ExtendWith({NatsServerForPayara.class, ArquillianExtension.class})
@RunAsClient
class InboxAcrossRedeployIT {

    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final String APP = "inbox-app";
    private static final String MESSAGE_ID = "999000000000000001";

    @ArquillianResource
    private URL control;

    @Deployment(testable = false)
    static WebArchive controlApplication() {
        return ShrinkWrap.create(WebArchive.class, "control.war").addClass(ApplicationsServlet.class);
    }

    private static File subscriberApplication() {
        File file = new File(System.getProperty("java.io.tmpdir"), "natscap-inbox-" + ProcessHandle.current().pid() + ".war");
        ShrinkWrap.create(WebArchive.class, APP + ".war")
                .addPackages(true, "io.natscap.cap")
                .addClasses(Dedup.class, Received.class, Handled.class, SubscribersServlet.class, OrderCreated.class)
                .addAsResource("outbox/microprofile-config.properties", "META-INF/microprofile-config.properties")
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml")
                .as(ZipExporter.class).exportTo(file, true);
        file.deleteOnExit();
        return file;
    }

    @Test
    void aMessageIdProcessedBeforeARedeployRunsNothingAfterIt() throws Exception {
        deploy();
        copy("copy-1");
        copy("copy-2");
        Await.until(LIMIT, () -> appGet("subscribers?group=dedup.v1").equals("{Succeeded=1}"),
                () -> "inbox: " + appGet("subscribers?group=dedup.v1"));
        Await.until(LIMIT, () -> pending() == 0, "both copies delivered and acknowledged");
        Handled ran = Handled.parse(appGet("subscribers?received=dedup"));
        assertEquals(List.of("d-1", MESSAGE_ID), List.of(ran.value(), Long.toString(ran.messageId())),
                "the business method ran once, for that message");

        assertEquals(200, Http.post(control, "apps?op=undeploy&name=" + APP, "").statusCode());
        deploy();
        copy("copy-3");
        Await.until(LIMIT, () -> pending() == 0 && delivered() >= 3, "the third copy was delivered and acknowledged");
        assertEquals("", appGet("subscribers?received=dedup"), "after the redeploy the third copy ran nothing");
        assertEquals("{Succeeded=1}", appGet("subscribers?group=dedup.v1"));
    }

    private void deploy() {
        var deployed = Http.post(control, "apps?op=deploy&name=" + APP + "&file=" + subscriberApplication(), "");
        assertEquals(200, deployed.statusCode(), deployed.body());
    }

    private String appGet(String pathAndQuery) {
        try {
            URL app = new URL(control.getProtocol(), control.getHost(), control.getPort(), "/" + APP + "/");
            var response = Http.get(app, pathAndQuery);
            assertEquals(200, response.statusCode(), response.body());
            return response.body();
        } catch (java.net.MalformedURLException e) {
            throw new AssertionError(e);
        }
    }

    /** A copy of the same CAP message, with its own Nats-Msg-Id so that the stream keeps it. */
    private static void copy(String natsMsgId) throws Exception {
        try (Connection nats = Nats.connect(NatsServerForPayara.server().url())) {
            JetStream js = nats.jetStream();
            Headers headers = new Headers().put("cap-msg-id", MESSAGE_ID).put("cap-msg-name", "itsub.dedup");
            js.publish(NatsMessage.builder().subject("itsub.dedup").headers(headers)
                    .data("{\"orderId\":\"d-1\"}".getBytes(StandardCharsets.UTF_8)).build(),
                    PublishOptions.builder().messageId(natsMsgId).build());
        }
    }

    private static long pending() {
        try (Connection nats = Nats.connect(NatsServerForPayara.server().url())) {
            var info = nats.jetStreamManagement().getConsumerInfo("itsub", "dedup_v1-itsub_dedup");
            return info.getNumPending() + info.getNumAckPending();
        } catch (Exception e) {
            return -1;
        }
    }

    private static long delivered() {
        try (Connection nats = Nats.connect(NatsServerForPayara.server().url())) {
            return nats.jetStreamManagement().getConsumerInfo("itsub", "dedup_v1-itsub_dedup").getAckFloor().getStreamSequence();
        } catch (Exception e) {
            return -1;
        }
    }
}
