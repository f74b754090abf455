package io.natscap.it;

import io.natscap.testing.NatsTestServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the test's nats-server on the port the pools in postboot.asadmin point to, before
 * Arquillian boots Payara Micro: list it before ArquillianExtension in {@code @ExtendWith}.
 */
public final class NatsServerForPayara implements BeforeAllCallback, AfterAllCallback {

    private static NatsTestServer server;

    /** The running server of the current test class. */
    public static NatsTestServer server() {
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        String port = System.getProperty("natscap.it.natsPort");
        if (port == null) {
            throw new IllegalStateException("natscap.it.natsPort is not set: run the tests through Maven (failsafe)");
        }
        server = NatsTestServer.startOnPort(Integer.parseInt(port));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
