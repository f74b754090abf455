package io.natscap.it.tracing;

import io.natscap.it.Http;
import io.natscap.it.NatsServerForPayara;
import io.natscap.it.tracing.OtlpReceiver.ExportedSpan;
import io.natscap.testing.Await;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Traces from publish to subscriber in Payara Micro with MicroProfile Telemetry exporting over
 * OTLP/HTTP to a receiver of the test's own: the consumer spans are children of the producer span
 * whose traceparent went out with the message, and the retry is a span of its own in that trace.
 */
@ExtendWith({NatsServerForPayara.class, ArquillianExtension.class})
@RunAsClient
class TracingIT {

    private static final Duration LIMIT = Duration.ofSeconds(60);
    /** OTLP's SpanKind and StatusCode values. */
    private static final int PRODUCER = 4;
    private static final int CONSUMER = 5;
    private static final int STATUS_ERROR = 2;

    private static final OtlpReceiver OTLP = new OtlpReceiver();

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive application() {
        String config = String.join("\n",
                "cap.connectionFactory=jca/nats",
                "cap.dataSource=java:comp/DefaultDataSource",
                "cap.fallbackWindowLookbackSeconds=2",
                "cap.failedRetryInterval=2",
                "otel.sdk.disabled=false",
                "otel.service.name=natscap-tracing-it",
                "otel.traces.exporter=otlp",
                "otel.exporter.otlp.protocol=http/protobuf",
                "otel.exporter.otlp.endpoint=" + OTLP.endpoint(),
                "otel.metrics.exporter=none",
                "otel.logs.exporter=none",
                "otel.bsp.schedule.delay=100",
                "");
        return ShrinkWrap.create(WebArchive.class, "tracing-it.war")
                .addPackages(true, "io.natscap.cap")
                .addPackages(true, "io.natscap.microprofile")
                .addClasses(TracedOrders.class, TracingServlet.class)
                .addAsResource(new StringAsset(config), "META-INF/microprofile-config.properties")
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
    }

    @AfterAll
    static void stopReceiver() {
        OTLP.close();
    }

    @Test
    void theConsumerSpansAreChildrenOfTheProducerSpanAndTheRetryIsASpanOfItsOwn() {
        HttpResponse<String> published = Http.post(base, "trace?value=order-1", "");
        assertEquals(200, published.statusCode(), published.body());
        String messageId = published.body();

        Await.until(LIMIT, () -> spansOf(messageId, CONSUMER).size() >= 2 && spansOf(messageId, PRODUCER).size() == 1,
                () -> "a producer span and two consumer spans of message " + messageId + " exported; got " + OTLP.spans());
        ExportedSpan producer = spansOf(messageId, PRODUCER).get(0);
        assertEquals("ittrace.orders publish", producer.name());
        assertEquals("nats", producer.attributes().get("messaging.system"));
        assertEquals("ittrace.orders", producer.attributes().get("messaging.destination.name"));

        List<ExportedSpan> deliveries = spansOf(messageId, CONSUMER).stream()
                .sorted(Comparator.comparing(span -> span.attributes().get("cap.attempt"))).toList();
        assertEquals(2, deliveries.size(), "one span per delivery, no more: " + deliveries);
        for (ExportedSpan delivery : deliveries) {
            assertEquals("ittrace.orders process", delivery.name());
            assertEquals(producer.traceId(), delivery.traceId(), "the delivery continues the publisher's trace");
            assertEquals(producer.spanId(), delivery.parentSpanId(), "a child of the producer span");
            assertEquals("traced.v1", delivery.attributes().get("messaging.consumer.group.name"));
            assertEquals("traced.v1", delivery.attributes().get("cap.group"));
            assertEquals("nats", delivery.attributes().get("messaging.system"));
        }
        assertEquals(List.of("1", "2"), deliveries.stream().map(span -> span.attributes().get("cap.attempt")).toList());
        assertEquals(STATUS_ERROR, deliveries.get(0).statusCode(), "the failed first attempt's span is an error");
        assertEquals(0, deliveries.get(1).statusCode(), "the retry that succeeded is not");
    }

    private static List<ExportedSpan> spansOf(String messageId, int kind) {
        return OTLP.spans().stream()
                .filter(span -> span.kind() == kind && messageId.equals(span.attributes().get("messaging.message.id")))
                .toList();
    }
}
