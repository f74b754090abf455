package io.natscap.it.naming;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.natscap.it.Http;
import io.natscap.it.NatsServerForPayara;
import io.natscap.testing.Await;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CAP's naming options in the application's microprofile-config.properties reach both sides in
 * Payara Micro: nats-ra forms the bean's group, subject and durable from them at activation,
 * cap-ejb publishes under the topic prefix and stores the version, as CAP .NET with the same
 * options would.
 */
@ExtendWith({NatsServerForPayara.class, ArquillianExtension.class})
@RunAsClient
class CapNamingIT {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive application() {
        String config = String.join("\n",
                "cap.connectionFactory=jca/nats",
                "cap.dataSource=java:comp/DefaultDataSource",
                "cap.tablePrefix=itname",
                "cap.groupNamePrefix=eu",
                "cap.version=v2",
                "cap.topicNamePrefix=itname",
                "");
        return ShrinkWrap.create(WebArchive.class, "naming-it.war")
                .addPackages(true, "io.natscap.cap")
                .addClasses(NamedBilling.class, NamingServlet.class)
                .addAsResource(new StringAsset(config), "META-INF/microprofile-config.properties")
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
    }

    @Test
    void groupPrefixVersionAndTopicPrefixShapeTheDurableTheSubjectAndTheRowsAsCapDoes() throws Exception {
        HttpResponse<String> published = Http.post(base, "naming", "");
        assertEquals(200, published.statusCode(), published.body());
        String id = published.body();

        Await.until(LIMIT, () -> Http.get(base, "naming?id=" + id).body().equals("eu.billing.v2 v2 v2"),
                () -> "the subscriber ran in group eu.billing.v2, both rows hold version v2: " + Http.get(base, "naming?id=" + id).body());
        try (Connection nats = Nats.connect(NatsServerForPayara.server().url())) {
            JetStreamManagement jsm = nats.jetStreamManagement();
            assertTrue(jsm.getConsumerNames("itname").contains("eu_billing_v2-itname_orders_created"),
                    "CAP .NET's durable for group billing, prefix eu, version v2, topic prefix itname: " + jsm.getConsumerNames("itname"));
            assertEquals("itname.orders.created",
                    jsm.getConsumerInfo("itname", "eu_billing_v2-itname_orders_created").getConsumerConfiguration().getFilterSubject());
            assertEquals(1, jsm.getStreamInfo("itname").getStreamState().getMsgCount(), "one message, on the prefixed subject");
        }
    }
}
