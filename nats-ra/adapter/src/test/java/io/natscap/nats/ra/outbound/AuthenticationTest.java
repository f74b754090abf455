package io.natscap.nats.ra.outbound;

import io.natscap.testing.LogCapture;

import io.natscap.nats.NatsConnection;
import io.natscap.nats.NatsConnectionFactory;
import io.natscap.nats.NatsConnectionState;
import io.natscap.nats.NatsResourceException;
import io.natscap.testing.NatsTestServer;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Right credentials connect; wrong ones fail clearly, and no secret shows in a message or a log. */
class AuthenticationTest {

    private static final String PASSWORD = "s3cret-Pw-9f2c";
    private static final String WRONG_PASSWORD = "wr0ng-Pw-77aa";
    private static final String TOKEN = "t0ken-S3cret-41be";
    private static final String WRONG_TOKEN = "wr0ng-T0ken-93cd";

    @Test
    void userAndPasswordConnect() throws Exception {
        try (NatsTestServer server = NatsTestServer.start("authorization { user: alice, password: \"" + PASSWORD + "\" }")) {
            NatsManagedConnectionFactory managed = Factories.forServer(server);
            managed.setUser("alice");
            managed.setPassword(PASSWORD);
            assertConnects(managed);
            assertFalse(managed.toString().contains(PASSWORD), managed.toString());
        }
    }

    @Test
    void wrongPasswordFailsClearlyWithoutRevealingIt() throws Exception {
        try (NatsTestServer server = NatsTestServer.start("authorization { user: alice, password: \"" + PASSWORD + "\" }");
             LogCapture log = new LogCapture()) {
            NatsManagedConnectionFactory managed = Factories.forServer(server);
            managed.setUser("alice");
            managed.setPassword(WRONG_PASSWORD);

            NatsResourceException error = assertRefused(managed, server);
            assertNoSecret(error, log, WRONG_PASSWORD, PASSWORD);
            assertFalse(managed.toString().contains(WRONG_PASSWORD), managed.toString());
        }
    }

    @Test
    void tokenConnects() throws Exception {
        try (NatsTestServer server = NatsTestServer.start("authorization { token: \"" + TOKEN + "\" }")) {
            NatsManagedConnectionFactory managed = Factories.forServer(server);
            managed.setToken(TOKEN);
            assertConnects(managed);
            assertFalse(managed.toString().contains(TOKEN), managed.toString());
        }
    }

    @Test
    void wrongTokenFailsClearlyWithoutRevealingIt() throws Exception {
        try (NatsTestServer server = NatsTestServer.start("authorization { token: \"" + TOKEN + "\" }");
             LogCapture log = new LogCapture()) {
            NatsManagedConnectionFactory managed = Factories.forServer(server);
            managed.setToken(WRONG_TOKEN);

            NatsResourceException error = assertRefused(managed, server);
            assertNoSecret(error, log, WRONG_TOKEN, TOKEN);
        }
    }

    @Test
    void credentialsInTheServerUrlAreNotRevealedEither() throws Exception {
        try (NatsTestServer server = NatsTestServer.start("authorization { user: alice, password: \"" + PASSWORD + "\" }");
             LogCapture log = new LogCapture()) {
            NatsManagedConnectionFactory managed = Factories.forUrl("nats://alice:" + WRONG_PASSWORD + "@127.0.0.1:" + server.port());

            NatsConnectionFactory factory = (NatsConnectionFactory) managed.createConnectionFactory();
            NatsResourceException error = assertThrows(NatsResourceException.class, factory::getConnection);
            assertTrue(error.getMessage().contains("nats://****@127.0.0.1:" + server.port()), error.getMessage());
            assertNoSecret(error, log, WRONG_PASSWORD, PASSWORD);
            assertFalse(managed.toString().contains(WRONG_PASSWORD), managed.toString());
        }
    }

    private static void assertConnects(NatsManagedConnectionFactory managed) throws Exception {
        NatsConnectionFactory factory = (NatsConnectionFactory) managed.createConnectionFactory();
        try (NatsConnection connection = factory.getConnection()) {
            assertEquals(NatsConnectionState.CONNECTED, connection.state());
            connection.publish("auth.ok", null, new byte[] {1});
        }
    }

    private static NatsResourceException assertRefused(NatsManagedConnectionFactory managed, NatsTestServer server) {
        NatsConnectionFactory factory = (NatsConnectionFactory) managed.createConnectionFactory();
        NatsResourceException error = assertThrows(NatsResourceException.class, factory::getConnection);
        assertTrue(error.getMessage().contains("Authorization Violation"), "says why: " + error.getMessage());
        assertTrue(error.getMessage().contains(server.url()), "says where: " + error.getMessage());
        return error;
    }

    private static void assertNoSecret(Throwable error, LogCapture log, String... secrets) {
        assertTrue(log.text().contains("Authorization Violation"), "the refusal was logged, so the log was searched:\n" + log.text());
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        for (String secret : secrets) {
            assertFalse(trace.toString().contains(secret), "secret in the exception:\n" + trace);
            assertFalse(log.text().contains(secret), "secret in the log:\n" + log.text());
        }
    }
}
