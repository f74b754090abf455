package io.natscap.it.fullserver;

import io.natscap.it.Http;
import io.natscap.testing.Await;
import io.natscap.testing.NatsPoolDefinition;
import io.natscap.testing.NatsTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sample's EAR on a full-profile Payara Server 6.2025.10 (the zip from Maven Central): the RAR
 * deployed beside it with asadmin, the order flow over HTTP, then the seed's scenario.
 */
class FullServerEarIT {

    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    private static NatsTestServer nats;
    private static PayaraServerDomain domain;
    private static URL base;

    @BeforeAll
    static void deploy() throws Exception {
        nats = NatsTestServer.start();
        domain = new PayaraServerDomain(Path.of(System.getProperty("natscap.it.payaraServer")),
                Path.of(System.getProperty("java.io.tmpdir"), "payara-domains"));
        domain.createAndStart();
        String servers = "servers=" + nats.url().replace(":", "\\:");
        domain.asadmin("create-resource-adapter-config", "--property", servers, "nats-ra");
        domain.asadmin("deploy", "--name", "nats-ra", System.getProperty("natscap.it.rar"));
        for (String command : NatsPoolDefinition.commands("nats-pool", "jca/nats", 16, List.of("servers=" + nats.url()))) {
            domain.asadmin(command.split(" "));
        }
        domain.asadmin("deploy", System.getProperty("natscap.it.ordersEar"));
        base = new URL("http://127.0.0.1:" + domain.httpPort() + "/orders/");
    }

    @AfterAll
    static void stop() {
        try {
            if (domain != null) {
                domain.close();
            }
        } finally {
            if (nats != null) {
                nats.close();
            }
        }
    }

    @Test
    void anOrderIsPlacedAndBilledThroughTheEar() {
        String id = placeOrder("alice", "12.5");
        awaitBilled(id);
        assertEquals(200, Http.get(base, "api/invoices/" + id).statusCode());
        assertEquals(400, Http.post(base, "api/orders", "{\"customer\":\"bob\",\"amount\":-1}").statusCode());
    }

    @Test
    void afterNatsServerRestartsAnOrderIsStillBilled() {
        nats.restart();
        awaitBilled(placeOrder("carol", "7"));
    }

    private String placeOrder(String customer, String amount) {
        HttpResponse<String> placed = Http.post(base, "api/orders", "{\"customer\":\"" + customer + "\",\"amount\":" + amount + "}");
        assertEquals(201, placed.statusCode(), () -> placed.body() + "\nserver.log:\n" + domain.serverLogTail());
        Matcher id = ID.matcher(placed.body());
        assertTrue(id.find(), placed.body());
        return id.group(1);
    }

    private void awaitBilled(String id) {
        Await.until(LIMIT, () -> Http.get(base, "api/orders/" + id).body().contains("\"status\":\"BILLED\""),
                () -> "order " + id + " billed; it is " + Http.get(base, "api/orders/" + id).body()
                        + "\nserver.log:\n" + domain.serverLogTail());
    }
}
