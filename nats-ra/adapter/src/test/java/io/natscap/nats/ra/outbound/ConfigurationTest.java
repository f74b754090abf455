package io.natscap.nats.ra.outbound;

import jakarta.resource.spi.InvalidPropertyException;
import org.junit.jupiter.api.Test;

import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Invalid pool properties fail at the first borrow, with a message that names the property. */
class ConfigurationTest {

    @Test
    void malformedServerUrlIsNamed() {
        assertInvalid(f -> f.setServers("nats//127.0.0.1:4222"), "servers", "'nats//127.0.0.1:4222' is not a NATS server URL");
        assertInvalid(f -> f.setServers("http://127.0.0.1:4222"), "servers", "'http://127.0.0.1:4222' is not a NATS server URL");
        assertInvalid(f -> f.setServers(" , "), "servers", "is empty");
        assertInvalid(f -> f.setServers("nats://a:1,nats://b:99999"), "servers", "has an invalid port");
    }

    @Test
    void malformedUrlWithCredentialsDoesNotEchoThem() {
        InvalidPropertyException error = invalid(f -> f.setServers("http://bob:hunter2-secret@host:4222"));
        assertFalse(error.getMessage().contains("hunter2-secret"), error.getMessage());
        assertTrue(error.getMessage().contains("http://****@host:4222"), error.getMessage());
    }

    @Test
    void negativeOrZeroDurationsAreNamed() {
        assertInvalid(f -> f.setConnectionTimeoutMillis(-5L), "connectionTimeoutMillis", "was -5");
        assertInvalid(f -> f.setReconnectWaitMillis(0L), "reconnectWaitMillis", "was 0");
        assertInvalid(f -> f.setPingIntervalMillis(-1L), "pingIntervalMillis", "was -1");
        assertInvalid(f -> f.setJetStreamTimeoutMillis(-1L), "jetStreamTimeoutMillis", "was -1");
        assertInvalid(f -> f.setReconnectBufferSize(-1L), "reconnectBufferSize", "was -1");
        assertInvalid(f -> f.setMaxReconnects(-2), "maxReconnects", "was -2");
    }

    @Test
    void missingFilesAreNamed() {
        assertInvalid(f -> f.setCredentialsFile("/nonexistent/app.creds"), "credentialsFile", "'/nonexistent/app.creds' does not exist");
        assertInvalid(f -> f.setTrustStore("/nonexistent/trust.p12"), "trustStore", "does not exist");
        assertInvalid(f -> f.setKeyStore("/nonexistent/key.p12"), "keyStore", "does not exist");
    }

    @Test
    void contradictoryCredentialsAreNamed() {
        assertInvalid(f -> f.setPassword("pw-only"), "password", "user is not");
        assertInvalid(f -> {
            f.setUser("alice");
            f.setPassword("pw");
            f.setToken("tk");
        }, "token", "cannot be combined");
        assertInvalid(f -> f.setTrustStorePassword("changeit-secret"), "trustStorePassword", "trustStore is not");
    }

    @Test
    void secretsNeverAppearInToString() {
        NatsManagedConnectionFactory factory = new NatsManagedConnectionFactory();
        factory.setUser("alice");
        factory.setPassword("pw-secret-1");
        factory.setToken("token-secret-2");
        factory.setTrustStorePassword("ts-secret-3");
        factory.setKeyStorePassword("ks-secret-4");
        String shown = factory.toString() + factory.settings() + factory.createConnectionFactory();
        for (String secret : new String[] {"pw-secret-1", "token-secret-2", "ts-secret-3", "ks-secret-4"}) {
            assertFalse(shown.contains(secret), shown);
        }
        assertTrue(shown.contains("user=alice") && shown.contains("password=(set)"), shown);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        // what a pool that sets no property connects with
        var settings = new NatsManagedConnectionFactory().settings();
        assertEquals(java.util.List.of("nats://127.0.0.1:4222"), settings.servers());
        assertEquals("natscap", settings.connectionName());
        assertEquals(-1, settings.maxReconnects(), "reconnect for ever");
        assertEquals(2000L, settings.connectionTimeoutMillis());
        assertEquals(2000L, settings.reconnectWaitMillis());
        assertEquals(120000L, settings.pingIntervalMillis());
        assertEquals(8L * 1024 * 1024, settings.reconnectBufferSize());
        assertEquals(5000L, settings.jetStreamTimeoutMillis());
    }

    @Test
    void factoriesWithTheSameSettingsAreEqual() {
        NatsManagedConnectionFactory a = Factories.forUrl("nats://127.0.0.1:4999");
        NatsManagedConnectionFactory b = Factories.forUrl("nats://127.0.0.1:4999");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        b.setPassword("other");
        b.setUser("u");
        assertNotEquals(a, b);
    }

    private static void assertInvalid(Consumer<NatsManagedConnectionFactory> configure, String property, String problem) {
        InvalidPropertyException error = invalid(configure);
        assertTrue(error.getMessage().startsWith("nats-ra property " + property + " "), error.getMessage());
        assertTrue(error.getMessage().contains(problem), error.getMessage());
    }

    private static InvalidPropertyException invalid(Consumer<NatsManagedConnectionFactory> configure) {
        NatsManagedConnectionFactory factory = new NatsManagedConnectionFactory();
        configure.accept(factory);
        // validation runs before any connection attempt: no server is needed to see the error
        return assertThrows(InvalidPropertyException.class, () -> factory.createManagedConnection(null, null));
    }
}
