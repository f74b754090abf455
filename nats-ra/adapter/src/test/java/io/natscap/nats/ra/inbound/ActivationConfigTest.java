package io.natscap.nats.ra.inbound;

import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.natscap.nats.CapNames;
import io.natscap.nats.ra.ConnectionSettings;
import io.natscap.nats.ra.outbound.NatsManagedConnectionFactory;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.InvalidPropertyException;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        assertInvalid(s -> {
            s.setStream("ORDERS");
            s.setStreamReplicas(7);
        }, "streamReplicas", "must be 1 to 5, was 7");
        assertInvalid(s -> s.setStreamReplicas(3), "streamReplicas", "is set but stream is not");
        assertInvalid(s -> {
            s.setStream("ORDERS");
            s.setConsumerReplicas(6);
        }, "consumerReplicas", "must be 0 (the stream's) to 5, was 6");
        assertInvalid(s -> s.setConsumerReplicas(3), "consumerReplicas", "is set but stream is not");
        assertInvalid(s -> s.setBackOff("1s"), "backOff", "is set but stream is not");
        assertInvalid(s -> s.setInProgress(false), "inProgress", "is set but stream is not");
    }

    @Test
    void deadLettersGoToTheSubjectPlusDlqOrTheOneNamedNeverBackToTheBean() {
        NatsActivationSpec byDefault = spec(s -> {
            s.setStream("ORDERS");
            s.setSubject("orders.*");
            s.setDeadLetter(true);
        });
        assertDoesNotThrow(() -> byDefault.check(BEAN));
        assertEquals("orders.*.dlq", byDefault.deadLetterPattern(), "what the stream must capture");
        assertEquals("orders.created.dlq", byDefault.deadLetterSubjectFor("orders.created"));
        NatsActivationSpec named = spec(s -> {
            s.setStream("ORDERS");
            s.setDeadLetterSubject("dead.orders");
        });
        assertTrue(named.deadLettersOn(), "naming the subject turns dead letters on");
        assertEquals("dead.orders", named.deadLetterSubjectFor("orders.created"));
        assertFalse(spec(s -> s.setStream("ORDERS")).deadLettersOn(), "off by default: the message is terminated");

        assertInvalid(s -> {
            s.setStream("ORDERS");
            s.setSubject("orders.>");
            s.setDeadLetter(true);
        }, "deadLetter", "cannot put the default '.dlq' after 'orders.>': set deadLetterSubject");
        assertInvalid(s -> {
            s.setStream("ORDERS");
            s.setSubject("orders.>");
            s.setDeadLetterSubject("orders.dead");
        }, "deadLetterSubject", "'orders.dead' is within the subject 'orders.>': this bean would consume its own dead letters");
        assertInvalid(s -> {
            s.setStream("ORDERS");
            s.setDeadLetterSubject("dead.*");
        }, "deadLetterSubject", "must be a subject to publish to");
        assertInvalid(s -> s.setDeadLetter(true), "deadLetter", "is set but stream is not");
    }

    @Test
    void aBackOffListIsTheRetryScheduleAndItsMistakesAreNamed() {
        NatsActivationSpec spec = spec(s -> {
            s.setStream("ORDERS");
            s.setBackOff(" 500ms, 2s,1m ");
            s.setMaxDeliver(5);
        });
        assertDoesNotThrow(() -> spec.check(BEAN));
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofMinutes(1)), spec.backOffList());
        assertEquals(Duration.ofMillis(500), spec.ackWait(), "the server takes the first value as the ack wait");
        assertEquals(Duration.ofMillis(500), spec.shortestAckWait(), "what the in-progress signals must beat");
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofMinutes(1), Duration.ofMinutes(1)),
                List.of(spec.retryDelay(1), spec.retryDelay(2), spec.retryDelay(3), spec.retryDelay(4)),
                "after the n-th failed delivery, the n-th value; the last one repeats");

        NatsActivationSpec exponential = spec(s -> s.setStream("ORDERS"));
        assertEquals(List.of(), exponential.backOffList());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(30)),
                List.of(exponential.retryDelay(1), exponential.retryDelay(2), exponential.retryDelay(3), exponential.retryDelay(9)),
                "without a list: 1 s, doubling, at most 30 s");

        assertInvalid(s -> {
            s.setStream("ORDERS");
            s.setBackOff("1s,soon");
        }, "backOff", "'soon' is not a duration such as 500ms, 5s, 2m or 1h");
        assertInvalid(s -> {
            s.setStream("ORDERS");
            s.setBackOff("1s,0s");
        }, "backOff", "'0s' must be positive");
        assertInvalid(s -> {
            s.setStream("ORDERS");
            s.setBackOff("1s,5s,30s");
            s.setMaxDeliver(3);
        }, "backOff", "has 3 values, so maxDeliver must be 4 or more (NATS requires more deliveries than back-off values), was 3");
        assertInvalid(s -> {
            s.setStream("ORDERS");
            s.setBackOff("1s");
            s.setAckWaitMillis(30_000L);
        }, "backOff", "sets the ack wait of each delivery (its first value is the first ack wait); set backOff or ackWaitMillis");
    }

    @Test
    void aGroupNamesTheDurableAsCapDoesAndExcludesDurableAndQueueGroup() {
        NatsActivationSpec spec = spec(s -> {
            s.setStream("orders");
            s.setGroup("billing");
        });
        assertDoesNotThrow(() -> spec.check(BEAN));
        assertEquals("billing.v1", spec.capGroup(), "CAP appends its default version");
        assertEquals("billing_v1-orders_created", spec.durableFor("com.example.Billing"), "CAP .NET's durable");
        assertInvalid(s -> {
            s.setStream("orders");
            s.setGroup("billing");
            s.setDurable("x");
        }, "group", "not both");
        assertInvalid(s -> {
            s.setGroup("billing");
            s.setQueueGroup("workers");
        }, "group", "not both");
        assertEquals("billing.v1", spec(s -> s.setGroup("billing")).queueGroupOrGroup(), "a core subscription's queue group");
    }

    @Test
    void capsGroupPrefixVersionAndTopicPrefixShapeTheGroupTheSubjectAndTheDurable() {
        NatsActivationSpec spec = spec(s -> {
            s.setStream("shop");
            s.setGroup("billing");
            s.setDeadLetter(true);
        });
        spec.useCapNames(new CapNames("eu", "v2", "shop"));
        assertDoesNotThrow(() -> spec.check(BEAN));
        assertEquals("eu.billing.v2", spec.capGroup());
        assertEquals("shop.orders.created", spec.subscribedSubject());
        assertEquals("eu_billing_v2-shop_orders_created", spec.durableFor("com.example.Billing"));
        assertEquals("shop.orders.created", spec.durable("d").filterSubject(), "the durable filters the prefixed subject");
        assertEquals("shop.orders.created.dlq", spec.deadLetterSubjectFor("shop.orders.created"));
        assertEquals("com_example_Other", spec(s -> s.setStream("shop")).durableFor("com.example.Other"),
                "without a group the durable is still the bean class's");
    }

    @Test
    void invalidCapNamingOptionsNameTheirKey() {
        IllegalArgumentException version = assertThrows(IllegalArgumentException.class, () -> new CapNames("", "v1.2", ""));
        assertEquals("cap.version 'v1.2' must contain no spaces, '*' or '>', no '.', and not be empty", version.getMessage());
        IllegalArgumentException prefix = assertThrows(IllegalArgumentException.class, () -> new CapNames("", "v1", "a b"));
        assertEquals("cap.topicNamePrefix 'a b' must contain no spaces, '*' or '>'", prefix.getMessage());
        Map<String, String> config = Map.of(CapNames.GROUP_NAME_PREFIX, "p", CapNames.VERSION, "v3");
        assertEquals(new CapNames("p", "v3", ""), CapNames.from(key -> Optional.ofNullable(config.get(key))));
    }

    @Test
    void anExponentialRetryScheduleHasItsOwnFirstDelayAndCap() {
        NatsActivationSpec capped = spec(s -> {
            s.setStream("ORDERS");
            s.setRetryDelay("200ms");
            s.setMaxRetryDelay("1s");
        });
        assertDoesNotThrow(() -> capped.check(BEAN));
        assertEquals(List.of(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800), Duration.ofSeconds(1),
                        Duration.ofSeconds(1)),
                List.of(capped.retryDelay(1), capped.retryDelay(2), capped.retryDelay(3), capped.retryDelay(4), capped.retryDelay(50)),
                "200 ms, doubling, at most 1 s");

        assertInvalid(s -> {
            s.setStream("ORDERS");
            s.setRetryDelay("soon");
        }, "retryDelay", "'soon' is not a positive duration such as 500ms, 5s, 2m or 1h");
        assertInvalid(s -> {
            s.setStream("ORDERS");
            s.setRetryDelay("10s");
            s.setMaxRetryDelay("5s");
        }, "maxRetryDelay", "5000 ms is shorter than retryDelay (10000 ms)");
        assertInvalid(s -> {
            s.setStream("ORDERS");
            s.setBackOff("1s,5s");
            s.setMaxRetryDelay("5s");
        }, "maxRetryDelay", "backOff lists them instead: set one or the other");
        assertInvalid(s -> s.setRetryDelay("1s"), "retryDelay", "is set but stream is not");
    }

    @Test
    void aPullBatchFollowsConcurrencyUnlessSetAndStaysWithinMaxAckPending() {
        assertEquals(10, spec(s -> s.setStream("ORDERS")).pullBatchSizeOrDefault(), "concurrency 1: 10");
        assertEquals(32, spec(s -> {
            s.setStream("ORDERS");
            s.setConcurrency(8);
        }).pullBatchSizeOrDefault(), "concurrency 8: 4 x 8");
        NatsActivationSpec set = spec(s -> {
            s.setStream("ORDERS");
            s.setPullBatchSize(100);
        });
        assertDoesNotThrow(() -> set.check(BEAN));
        assertEquals(100, set.pullBatchSizeOrDefault());

        assertInvalid(s -> {
            s.setStream("ORDERS");
            s.setPullBatchSize(0);
        }, "pullBatchSize", "must be 1 to maxAckPending (1000), was 0");
        assertInvalid(s -> {
            s.setStream("ORDERS");
            s.setMaxAckPending(50);
            s.setPullBatchSize(100);
        }, "pullBatchSize", "must be 1 to maxAckPending (50), was 100");
        assertInvalid(s -> s.setPullBatchSize(100), "pullBatchSize", "is set but stream is not");
    }

    @Test
    void anOrderedGroupTakesItsKeyFromTheSubjectsLastTokenOrAHeader() {
        NatsActivationSpec bySubject = spec(s -> {
            s.setStream("ledger");
            s.setSubject("ledger.*");
            s.setOrderBy("subject");
        });
        assertDoesNotThrow(() -> bySubject.check(BEAN));
        assertTrue(bySubject.ordered());
        assertEquals("acct-3", bySubject.orderKeyOf(NatsMessage.builder().subject("ledger.acct-3").build()));

        NatsActivationSpec byHeader = spec(s -> {
            s.setStream("ledger");
            s.setOrderBy("header:account");
        });
        Headers headers = new Headers();
        headers.put("account", "acct-7");
        assertEquals("acct-7", byHeader.orderKeyOf(NatsMessage.builder().subject("orders.created").headers(headers).build()));
        assertEquals("", byHeader.orderKeyOf(NatsMessage.builder().subject("orders.created").build()),
                "messages without the header share one key");
        assertFalse(spec(s -> s.setStream("ledger")).ordered(), "unordered unless orderBy is set");

        assertInvalid(s -> {
            s.setStream("ledger");
            s.setOrderBy("header:");
        }, "orderBy", "'header:' is not 'subject' (the subject's last token) or 'header:<name>'");
        assertInvalid(s -> s.setOrderBy("subject"), "orderBy", "is set but stream is not");
    }

    @Test
    void aValidJetStreamConfigGetsTheDocumentedDefaults() {
        NatsActivationSpec spec = spec(s -> s.setStream("ORDERS"));
        assertDoesNotThrow(() -> spec.check(BEAN));
        assertEquals(NatsActivationSpec.DeliverPolicy.NEW, spec.deliverPolicyOrDefault());
        assertEquals(Duration.ofSeconds(30), spec.ackWait());
        assertEquals(10, spec.maxDeliverOrDefault());
        assertEquals(1000, spec.maxAckPendingOrDefault());
        assertEquals(0, spec.consumerReplicasOrDefault(), "the stream's replicas");
        assertTrue(spec.inProgressOrDefault(), "long deliveries are signalled in progress");
        assertEquals(Duration.ofSeconds(30), spec.shortestAckWait());
        assertEquals(1, spec.getConcurrency());
        assertEquals("com_example_Billing", spec.durableFor("com.example.Billing"), "derived from the bean class");
    }

    @Test
    void connectionPropertiesComeFromTheAdapterUnlessTheBeanSetsThem() {
        ConnectionSettings adapter = ConnectionSettings.withDefaults("nats://a:4222", "natscap-inbound", "alice", "adapter-pw",
                null, null, null, null, null, null);
        ConnectionSettings inherited = spec(s -> { }).settings(BEAN, adapter);
        assertEquals(java.util.List.of("nats://a:4222"), inherited.servers());
        assertEquals("alice", inherited.user());
        assertEquals("natscap-inbound " + BEAN, inherited.connectionName());
        assertEquals(-1, inherited.maxReconnects(), "an MDB's connection reconnects for ever");

        ConnectionSettings own = spec(s -> {
            s.setServers("nats://b:4222");
            s.setToken("bean-token");
        }).settings(BEAN, adapter);
        assertEquals(java.util.List.of("nats://b:4222"), own.servers());
        assertEquals("bean-token", own.token());
        assertEquals(null, own.user(), "credentials are never mixed between adapter and bean");
        assertEquals(null, own.password());
    }

    @Test
    void theJetStreamTimeoutAndTheOtherConnectionPropertiesReachTheBeansConnection() throws Exception {
        NatsResourceAdapter adapter = new NatsResourceAdapter();
        adapter.setJetStreamTimeoutMillis(7_000L);
        adapter.setConnectionTimeoutMillis(900L);
        ConnectionSettings fromAdapter = spec(s -> { }).settings(BEAN, adapterSettings(adapter));
        assertEquals(7_000L, fromAdapter.jetStreamTimeoutMillis(), "the adapter's JetStream timeout");
        assertEquals(Duration.ofSeconds(7), fromAdapter.jetStreamOptions().getRequestTimeout());
        assertEquals(900L, fromAdapter.connectionTimeoutMillis());

        ConnectionSettings own = spec(s -> s.setJetStreamTimeoutMillis(1_500L)).settings(BEAN, adapterSettings(adapter));
        assertEquals(1_500L, own.jetStreamTimeoutMillis(), "the bean's own JetStream timeout wins");
    }

    @Test
    void secretsAreConfidentialPropertiesOfTheSpecTheAdapterAndThePool() throws Exception {
        for (Class<?> type : List.of(NatsActivationSpec.class, NatsResourceAdapter.class, NatsManagedConnectionFactory.class)) {
            Map<String, ConfigProperty> properties = configProperties(type);
            for (String secret : List.of("password", "token", "trustStorePassword", "keyStorePassword")) {
                assertTrue(properties.containsKey(secret), type.getSimpleName() + " declares " + secret);
                assertTrue(properties.get(secret).confidential(), type.getSimpleName() + "." + secret + " is confidential");
            }
            assertFalse(properties.get("servers").confidential());
            assertTrue(properties.containsKey("jetStreamTimeoutMillis"), type.getSimpleName() + " declares jetStreamTimeoutMillis");
            // Payara reads a superclass's metadata only for a class that declares a property of its own
            assertTrue(Arrays.stream(type.getDeclaredMethods()).anyMatch(m -> m.isAnnotationPresent(ConfigProperty.class))
                    || Arrays.stream(type.getDeclaredFields()).anyMatch(f -> f.isAnnotationPresent(ConfigProperty.class)),
                    type.getSimpleName() + " declares a property of its own");
        }
    }

    /** The @ConfigProperty metadata of a class and its superclasses, by property name, as the container reads it. */
    private static Map<String, ConfigProperty> configProperties(Class<?> type) {
        Map<String, ConfigProperty> properties = new HashMap<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                ConfigProperty property = method.getAnnotation(ConfigProperty.class);
                if (property != null) {
                    properties.putIfAbsent(Character.toLowerCase(method.getName().charAt(3)) + method.getName().substring(4), property);
                }
            }
            for (Field field : c.getDeclaredFields()) {
                ConfigProperty property = field.getAnnotation(ConfigProperty.class);
                if (property != null) {
                    properties.putIfAbsent(field.getName(), property);
                }
            }
        }
        return properties;
    }

    private static ConnectionSettings adapterSettings(NatsResourceAdapter adapter) throws Exception {
        Method defaults = NatsResourceAdapter.class.getDeclaredMethod("defaults");
        defaults.setAccessible(true);
        return (ConnectionSettings) defaults.invoke(adapter);
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
