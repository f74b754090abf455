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

    /** Starts the server now, if the test class asked for it to start later. */
    public static NatsTestServer startNow() {
        if (server == null) {
            server = NatsTestServer.startOnPort(port());
        }
        return server;
    }

    /** The port the pools and the adapter's configuration in postboot.asadmin point to. */
    public static int port() {
        String port = System.getProperty("natscap.it.natsPort");
        if (port == null) {
            throw new IllegalStateException("natscap.it.natsPort is not set: run the tests through Maven (failsafe)");
        }
        return Integer.parseInt(port);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        awaitPreviousPayaraExit();
        if (context.getRequiredTestClass().isAnnotationPresent(StartedLater.class)) {
            return;
        }
        startNow();
    }

    /**
     * Every test class's server listens on the same port. A previous class's Payara Micro, still
     * shutting down, would reconnect its beans to this class's new server and take its messages:
     * wait until that process (a child of this JVM, started by Arquillian) has exited.
     */
    private static void awaitPreviousPayaraExit() {
        io.natscap.testing.Await.until(java.time.Duration.ofSeconds(60),
                () -> ProcessHandle.current().descendants().noneMatch(p -> p.isAlive()
                        && p.info().commandLine().orElse("").contains("payara-micro")),
                "the previous test class's Payara Micro exited");
    }

    /** On a test class: Payara Micro boots with no nats-server; the test calls {@link #startNow()}. */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE)
    public @interface StartedLater {
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
