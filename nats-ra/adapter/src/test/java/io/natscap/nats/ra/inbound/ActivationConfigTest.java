package io.natscap.nats.ra.inbound;

import io.natscap.nats.ra.ConnectionSettings;
import jakarta.resource.spi.InvalidPropertyException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A message-driven bean's activation config: mistakes are named, with the property and the bean. */
class ActivationConfigTest {

    private static final String BEAN = "orders-app#Billing";

    @Test
    void aMissingSubjectIsNamedWithTheBean() {
        InvalidPropertyException error = assertThrows(InvalidPropertyException.class, () -> new NatsActivationSpec().check(BEAN));
        assertEquals("nats-ra activation property subject of message-driven bean orders-app#Billing is required: "
                + "the subject to consume, e.g. orders.created or orders.>", error.getMessage());
        InvalidPropertyException withoutBean = assertThrows(InvalidPropertyException.class, () -> new NatsActivationSpec().validate());
        assertTrue(withoutBean.getMessage().startsWith("nats-ra activation property subject is required"), withoutBean.getMessage());
    }

    @Test
    void jetStreamPropertiesWithoutAStreamAreContradictory() {
        assertInvalid(s -> s.setDurable("billing"), "durable", "is set but stream is not");
        assertInvalid(s -> s.setMaxDeliver(3), "maxDeliver", "is set but stream is not");
        assertInvalid(s -> s.setAckWaitMillis(1000L), "ackWaitMillis", "is set but stream is not");
        assertInvalid(s -> s.setDeliverPolicy("all"), "deliverPolicy", "is set but stream is not");
    }

    @Test
    void aQueueGroupOnAJetStreamConsumerIsContradictory() {
        assertInvalid(s -> {
            s.setStream("ORDERS");
            s.setQueueGroup("workers");
        }, "queueGroup", "is for core subscriptions");
    }

    @Test
    void badValuesAreNamed() {
        assertInvalid(s -> {
            s.setStream("ORDERS");
            s.setDeliverPolicy("last");
        }, "deliverPolicy", "'last' is not one of: new, all");
        assertInvalid(s -> {
            s.setStream("ORDERS");
            s.setMaxDeliver(0);
        }, "maxDeliver", "must be 1 or more, was 0");
        assertInvalid(s -> s.setStream("orders.events"), "stream", "must contain no '.'");
        assertInvalid(s -> {
            s.setStream("ORDERS");
            s.setDurable("billing.v1");
        }, "durable", "may contain only letters");
        assertInvalid(s -> s.setConcurrency(0), "concurrency", "must be 1 or more, was 0");
        assertInvalid(s -> s.setPassword("secret-pw"), "password", "is set but user is not");
    }

    @Test
    void aGroupNamesTheDurableAsCapDoesAndExcludesDurableAndQueueGroup() {
        NatsActivationSpec spec = spec(s -> {
            s.setStream("orders");
            s.setGroup("billing.v1");
        });
        assertDoesNotThrow(() -> spec.check(BEAN));
        assertEquals("billing_v1-orders_created", spec.durableFor("com.example.Billing"));
        assertInvalid(s -> {
            s.setStream("orders");
            s.setGroup("billing.v1");
            s.setDurable("x");
        }, "group", "not both");
        assertInvalid(s -> {
            s.setGroup("billing.v1");
            s.setQueueGroup("workers");
        }, "group", "not both");
        assertEquals("billing.v1", spec(s -> s.setGroup("billing.v1")).queueGroupOrGroup(), "a core subscription's queue group");
    }

    @Test
    void aValidJetStreamConfigGetsTheDocumentedDefaults() {
        NatsActivationSpec spec = spec(s -> s.setStream("ORDERS"));
        assertDoesNotThrow(() -> spec.check(BEAN));
        assertEquals(NatsActivationSpec.DeliverPolicy.NEW, spec.deliverPolicyOrDefault());
        assertEquals(Duration.ofSeconds(30), spec.ackWait());
        assertEquals(10, spec.maxDeliverOrDefault());
        assertEquals(1000, spec.maxAckPendingOrDefault());
        assertEquals(1, spec.getConcurrency());
        assertEquals("com_example_Billing", spec.durableFor("com.example.Billing"), "derived from the bean class");
    }

    @Test
    void connectionPropertiesComeFromTheAdapterUnlessTheBeanSetsThem() {
        ConnectionSettings adapter = ConnectionSettings.withDefaults("nats://a:4222", "x", "alice", "adapter-pw", null,
                null, null, null, null, null);
        ConnectionSettings inherited = InboundEndpoints.settingsFor(spec(s -> { }), BEAN, adapter);
        assertEquals(java.util.List.of("nats://a:4222"), inherited.servers());
        assertEquals("alice", inherited.user());
        assertEquals("natscap-inbound " + BEAN, inherited.connectionName());
        assertEquals(-1, inherited.maxReconnects(), "an MDB's connection reconnects for ever");

        ConnectionSettings own = InboundEndpoints.settingsFor(spec(s -> {
            s.setServers("nats://b:4222");
            s.setToken("bean-token");
        }), BEAN, adapter);
        assertEquals(java.util.List.of("nats://b:4222"), own.servers());
        assertEquals("bean-token", own.token());
        assertEquals(null, own.user(), "credentials are never mixed between adapter and bean");
        assertEquals(null, own.password());
    }

    @Test
    void toStringShowsNoSecret() {
        NatsActivationSpec spec = spec(s -> {
            s.setUser("bob");
            s.setPassword("bean-secret-pw");
            s.setToken("bean-secret-token");
            s.setServers("nats://bob:url-secret@host:4222");
        });
        assertFalse(spec.toString().contains("secret"), spec.toString());
    }

    private static NatsActivationSpec spec(Consumer<NatsActivationSpec> configure) {
        NatsActivationSpec spec = new NatsActivationSpec();
        spec.setSubject("orders.created");
        configure.accept(spec);
        return spec;
    }

    private static void assertInvalid(Consumer<NatsActivationSpec> configure, String property, String problem) {
        InvalidPropertyException error = assertThrows(InvalidPropertyException.class, () -> spec(configure).check(BEAN));
        assertTrue(error.getMessage().startsWith("nats-ra activation property " + property + " of message-driven bean " + BEAN + " "),
                error.getMessage());
        assertTrue(error.getMessage().contains(problem), error.getMessage());
    }
}
