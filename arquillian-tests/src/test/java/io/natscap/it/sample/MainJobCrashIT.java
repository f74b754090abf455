package io.natscap.it.sample;

import io.natscap.it.Http;
import io.natscap.testing.Await;
import io.natscap.testing.NatsTestServer;
import io.natscap.testing.RequiredServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The main job crashes: a burst of orders, each answered 201, then Payara Micro is killed with -9
 * at once, and run-sample.sh is started again on the same data. Every answered order is still
 * there and is billed exactly once: in the embedded H2 (a file kept outside Payara's domain,
 * every commit written before it returns) and in PostgreSQL (NATSCAP_DB_URL).
 */
class MainJobCrashIT {

    private static final int ORDERS = 300;
    private static final int CALLERS = 8;
    private static final Duration LIMIT = Duration.ofSeconds(120);
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String CRASH_DATABASE = "natscap_main_job_crash";
    /** PostgreSQL here trusts local connections, so any password will do: this one must not show in a log. */
    private static final String SECRET = "main-job-secret-7f3a";
    /**
     * CAP's options through the environment (MicroProfile Config reads CAP_… variables): messages
     * that were sent but not yet marked Succeeded at the crash are resent 5 s after the restart,
     * not CAP's 4 minutes, so that the outbox's final state can be awaited.
     */
    private static final Map<String, String> SHORT_LOOKBACK = Map.of("CAP_FALLBACKWINDOWLOOKBACKSECONDS", "5",
            "CAP_FAILEDRETRYINTERVAL", "2");

    private static NatsTestServer nats;

    @BeforeAll
    static void startNats() {
        nats = NatsTestServer.start();
    }

    @AfterAll
    static void stopNats() {
        if (nats != null) {
            nats.close();
        }
    }

    @Test
    void ordersAnsweredBeforeACrashSurviveInTheEmbeddedDatabaseAndAreBilledOnce() throws Exception {
        crashAndRestart(data("embedded"), Map.of());
    }

    @Test
    void ordersAnsweredBeforeACrashSurviveInPostgresqlAndAreBilledOnce() throws Exception {
        freshPostgresDatabase();
        Path data = data("postgresql");
        crashAndRestart(data, Map.of("NATSCAP_DB_URL", POSTGRES + CRASH_DATABASE, "NATSCAP_DB_USER", "postgres",
                "NATSCAP_DB_PASSWORD", SECRET));
        for (Path log : List.of(data.resolve("payara.log"), data.resolve("nats-server.log"))) {
            if (Files.exists(log)) {
                assertFalse(Files.readString(log).contains(SECRET), "the database password is not in " + log);
            }
        }
    }

    private static void crashAndRestart(Path data, Map<String, String> options) throws Exception {
        Map<String, String> environment = new HashMap<>(options);
        environment.putAll(SHORT_LOOKBACK);
        List<String> answered;
        try (MainJob job = MainJob.start(data, nats.url(), environment)) {
            answered = placeOrders(job.base());
            job.killPayara();
        }
        assertEquals(ORDERS, answered.size(), "every order was answered 201 before the crash");

        try (MainJob job = MainJob.start(data, nats.url(), environment)) {
            URL base = job.base();
            for (String id : answered) {
                Await.until(LIMIT, () -> Http.get(base, "api/orders/" + id).body().contains("\"status\":\"BILLED\""),
                        () -> "order " + id + ", answered 201 before the crash, billed after the restart; it is "
                                + Http.get(base, "api/orders/" + id).statusCode() + " " + Http.get(base, "api/orders/" + id).body()
                                + "; outbox " + Http.get(base, "api/outbox").body());
            }
            // sent before the crash but not yet marked: resent after the lookback, skipped by billing's inbox
            String settled = "{\"published\":{\"Succeeded\":" + ORDERS + "},\"received\":{\"Succeeded\":" + ORDERS + "}}";
            Await.until(LIMIT, () -> Http.get(base, "api/outbox").body().equals(settled),
                    () -> "each event sent, and run by billing once, with nothing failed: " + settled + "; the outbox shows "
                            + Http.get(base, "api/outbox").body());
        }
    }

    /** ORDERS orders from CALLERS threads; the ids of those answered 201. */
    private static List<String> placeOrders(URL base) throws InterruptedException {
        List<String> answered = Collections.synchronizedList(new ArrayList<>());
        List<String> refused = Collections.synchronizedList(new ArrayList<>());
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        for (int i = 0; i < ORDERS; i++) {
            String customer = "crash-" + i;
            callers.execute(() -> {
                HttpResponse<String> placed = Http.post(base, "api/orders", "{\"customer\":\"" + customer + "\",\"amount\":3}");
                Matcher id = ID.matcher(placed.body());
                if (placed.statusCode() == 201 && id.find()) {
                    answered.add(id.group(1));
                } else {
                    refused.add(placed.statusCode() + " " + placed.body());
                }
            });
        }
        callers.shutdown();
        assertTrue(callers.awaitTermination(LIMIT.toSeconds(), TimeUnit.SECONDS), "the orders were placed within " + LIMIT);
        assertEquals(List.of(), refused, "no order was refused");
        return answered;
    }

    private static Path data(String mode) {
        Path data = Path.of("target", "main-job-crash", mode).toAbsolutePath();
        deleteTree(data);
        return data;
    }

    private static void deleteTree(Path folder) {
        if (folder.toFile().exists()) {
            try (var files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new AssertionError("cannot delete " + folder + ": " + e, e);
            }
        }
    }

    /** A database of its own, so that the counts are this test's: created afresh on the local PostgreSQL. */
    private static void freshPostgresDatabase() {
        String unreachable = null;
        SQLException cause = null;
        try (Connection connection = DriverManager.getConnection(POSTGRES + "test", "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + CRASH_DATABASE);
            statement.execute("CREATE DATABASE " + CRASH_DATABASE);
        } catch (SQLException e) {
            unreachable = "PostgreSQL at " + POSTGRES + "test is not reachable (" + e.getMessage() + ")";
            cause = e;
        }
        RequiredServices.require(unreachable, cause);
    }
}
