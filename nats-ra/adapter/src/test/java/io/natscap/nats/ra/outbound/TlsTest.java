package io.natscap.nats.ra.outbound;

import io.natscap.nats.NatsConnection;
import io.natscap.nats.NatsConnectionFactory;
import io.natscap.nats.NatsConnectionState;
import io.natscap.nats.NatsResourceException;
import io.natscap.testing.NatsTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLS: a nats-server with a certificate the test makes (JDK keytool), and the pool's trustStore
 * properties. Trusting the certificate connects; not trusting it fails clearly.
 */
class TlsTest {

    private static final String STORE_PASSWORD = "store-Secret-5e1";

    private static Path dir;
    private static NatsTestServer server;

    @BeforeAll
    static void startTlsServer() throws Exception {
        dir = Files.createTempDirectory("natscap-tls-");
        Path keyStore = dir.resolve("server.p12");
        run(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-alias", "nats",
                "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keyStore.toFile())) {
            store.load(in, STORE_PASSWORD.toCharArray());
        }
        Key key = store.getKey("nats", STORE_PASSWORD.toCharArray());
        Certificate certificate = store.getCertificate("nats");
        Files.writeString(dir.resolve("key.pem"), pem("PRIVATE KEY", key.getEncoded()));
        Files.writeString(dir.resolve("cert.pem"), pem("CERTIFICATE", certificate.getEncoded()));

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("nats", certificate);
        try (var out = Files.newOutputStream(dir.resolve("trust.p12"))) {
            trust.store(out, STORE_PASSWORD.toCharArray());
        }
        server = NatsTestServer.start("tls { cert_file: \"" + dir.resolve("cert.pem") + "\", key_file: \""
                + dir.resolve("key.pem") + "\" }");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void aTrustedServerCertificateConnects() throws Exception {
        NatsManagedConnectionFactory managed = Factories.forUrl("tls://127.0.0.1:" + server.port());
        managed.setTrustStore(dir.resolve("trust.p12").toString());
        managed.setTrustStorePassword(STORE_PASSWORD);
        try (NatsConnection connection = ((NatsConnectionFactory) managed.createConnectionFactory()).getConnection()) {
            assertEquals(NatsConnectionState.CONNECTED, connection.state());
            connection.publish("tls.works", null, "x".getBytes(StandardCharsets.UTF_8));
        }
        assertFalse(managed.toString().contains(STORE_PASSWORD), managed.toString());
    }

    @Test
    void anUntrustedServerCertificateFailsClearly() {
        NatsManagedConnectionFactory managed = Factories.forUrl("tls://127.0.0.1:" + server.port());
        NatsResourceException error = assertThrows(NatsResourceException.class,
                () -> ((NatsConnectionFactory) managed.createConnectionFactory()).getConnection());
        assertTrue(error.getMessage().startsWith("Cannot connect to NATS") && error.getMessage().contains(server.port() + ""),
                error.getMessage());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + output);
        }
    }
}
