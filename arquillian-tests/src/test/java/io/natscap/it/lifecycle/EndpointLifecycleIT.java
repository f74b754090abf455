package io.natscap.it.lifecycle;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.natscap.it.Http;
import io.natscap.it.NatsServerForPayara;
import io.natscap.it.inbound.Deliveries;
import io.natscap.it.inbound.Delivery;
import io.natscap.it.inbound.DeliveriesServlet;
import io.natscap.testing.Await;
import io.natscap.testing.NatsTestServer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A message-driven bean's life around the server's and its own: deployed while nats-server is
 * down, undeployed while messages keep coming, deployed again. The bean lives in its own
 * application, which this test deploys and undeploys inside one Payara Micro.
 */
@NatsServerForPayara.StartedLater
@ExtendWith({NatsServerForPayara.class, ArquillianExtension.class})
@RunAsClient
class EndpointLifecycleIT {

    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final String APP = "lifecycle";
    private static final String INBOUND_CONNECTION = "natscap-inbound";

    @ArquillianResource
    private URL control;

    @Deployment(testable = false)
    static WebArchive controlApplication() {
        return ShrinkWrap.create(WebArchive.class, "control.war").addClass(ApplicationsServlet.class);
    }

    /** The application under test: one durable subscriber and the servlet that shows its deliveries. */
    private static File beanApplication() {
        File file = new File(System.getProperty("java.io.tmpdir"), "natscap-lifecycle-" + ProcessHandle.current().pid() + ".war");
        ShrinkWrap.create(WebArchive.class, APP + ".war")
                .addClasses(LifecycleSubscriber.class, Deliveries.class, Delivery.class, DeliveriesServlet.class)
                .as(ZipExporter.class).exportTo(file, true);
        file.deleteOnExit();
        return file;
    }

    @Test
    void aBeanDeployedWhileTheServerIsDownConsumesOnceItStarts() throws Exception {
        undeploy(); // whatever an earlier test left deployed
        if (NatsServerForPayara.server() != null) {
            NatsServerForPayara.server().stop();
        }
        HttpResponse<String> deployed = deploy();
        assertEquals(200, deployed.statusCode(), "deployed with no nats-server running: " + deployed.body());

        NatsTestServer server = serverRunning();
        awaitConsuming(server);

        List<String> sent = bodies("first", 20);
        publish(server, sent);
        awaitDistinct(sent);
    }

    @Test
    void undeployLeavesNoConnectionAndDurableMessagesWaitForTheRedeploy() throws Exception {
        NatsTestServer server = serverRunning();
        undeploy();
        assertEquals(200, deploy().statusCode(), "the bean's application deployed");
        awaitConsuming(server);
        Set<String> threadsBefore = natsThreads();
        assertTrue(!threadsBefore.isEmpty(), "the deployed bean runs jnats threads: " + threadsBefore);

        HttpResponse<String> undeployed = undeploy();
        assertEquals(200, undeployed.statusCode(), "undeployed: " + undeployed.body());
        Await.until(LIMIT, () -> server.connectionNames().stream().noneMatch(n -> n.startsWith(INBOUND_CONNECTION)),
                () -> "no inbound connection after undeploy; connections: " + server.connectionNames());
        Await.until(LIMIT, () -> natsThreads().isEmpty(), () -> "no jnats thread after undeploy: " + natsThreads());

        List<String> whileAway = bodies("while-undeployed", 30);
        publish(server, whileAway);

        HttpResponse<String> redeployed = deploy();
        assertEquals(200, redeployed.statusCode(), "deployed again: " + redeployed.body());
        awaitDistinct(whileAway);
        List<String> received = deliveries();
        assertEquals(Set.copyOf(whileAway), Set.copyOf(received), "exactly the messages published while undeployed");
        assertEquals(30, received.size(), "each once");
    }

    // --- helpers ---------------------------------------------------------------------------------

    private HttpResponse<String> deploy() {
        return Http.post(control, "apps?op=deploy&name=" + APP + "&file=" + beanApplication(), "");
    }

    /** Undeploys the bean's application; nothing happens when it is not deployed. */
    private HttpResponse<String> undeploy() {
        return Http.post(control, "apps?op=undeploy&name=" + APP, "");
    }

    /** The class's nats-server, started (or started again) if it is not running. */
    private static NatsTestServer serverRunning() {
        NatsTestServer server = NatsServerForPayara.startNow();
        server.startAgain();
        return server;
    }

    /** The bean is connected and its durable exists. */
    private static void awaitConsuming(NatsTestServer server) throws Exception {
        Await.until(LIMIT, () -> server.connectionNames().stream().anyMatch(n -> n.startsWith(INBOUND_CONNECTION)),
                () -> "the bean connected to the server; connections: " + server.connectionNames());
        awaitConsumer(server);
    }

    /** Threads of jnats' connections ("nats" in their names), in Payara Micro's JVM. */
    private Set<String> natsThreads() {
        return Arrays.stream(Http.get(control, "apps").body().split("\n"))
                .filter(name -> name.toLowerCase().contains("nats"))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private static List<String> bodies(String prefix, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> prefix + "-" + i).toList();
    }

    private static void publish(NatsTestServer server, List<String> bodies) throws Exception {
        try (Connection nats = Nats.connect(server.url())) {
            JetStream js = nats.jetStream();
            for (String body : bodies) {
                js.publish("js.lifecycle", body.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static void awaitConsumer(NatsTestServer server) throws Exception {
        try (Connection nats = Nats.connect(server.url())) {
            Await.until(LIMIT, () -> {
                try {
                    nats.jetStreamManagement().getConsumerInfo("JSLIFE", "lifecycle");
                    return true;
                } catch (IOException | JetStreamApiException e) {
                    return false;
                }
            }, "the bean created its stream and durable once the server started");
        }
    }

    /** The bean application's deliveries (its servlet lives at /lifecycle). */
    private List<String> deliveries() {
        try {
            URL app = new URL(control.getProtocol(), control.getHost(), control.getPort(), "/" + APP + "/");
            String text = Http.get(app, "deliveries?name=lifecycle").body();
            return text.isEmpty() ? List.of()
                    : Arrays.stream(text.split("\n")).map(line -> Delivery.parse(line).body()).toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private void awaitDistinct(List<String> expected) {
        Await.until(LIMIT, () -> new HashSet<>(deliveries()).containsAll(expected),
                () -> "the bean received " + new HashSet<>(deliveries()).size() + " of the " + expected.size()
                        + " messages; missing e.g. " + expected.stream().filter(e -> !deliveries().contains(e)).limit(3).toList());
    }
}
