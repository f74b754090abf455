package io.natscap.it.sample;

import io.nats.client.Nats;
import io.natscap.it.Http;
import io.natscap.testing.Await;
import io.natscap.testing.NatsTestCluster;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The main job crashes: a burst of orders, each answered 201, then Payara Micro is killed with -9
 * at once, and run-sample.sh is started again on the same data. Every answered order is still
 * there and is billed exactly once: in the embedded H2 (a file kept outside Payara's domain,
 * every commit written before it returns) and in PostgreSQL (NATSCAP_DB_URL); and with two
 * instances on one PostgreSQL and a three-node NATS cluster, one instance and two nodes killed
 * mid-load.
 */
class MainJobCrashIT {

    private static final int ORDERS = 300;
    private static final int CALLERS = 8;
    private static final Duration LIMIT = Duration.ofSeconds(120);
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String CRASH_DATABASE = "natscap_main_job_crash";
    private static final String TWO_INSTANCES_DATABASE = "natscap_two_instances";
    /** Long enough for a killed instance's claimed rows (60 s lease) and unacked deliveries (ack wait) to come back. */
    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(240);
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
        Path data = data("postgresql");
        crashAndRestart(data, postgres(CRASH_DATABASE));
        // the logs, the script's output and the commands Payara ran (which it logs): none holds the password
        List<Path> written;
        try (var files = Files.list(data)) {
            written = files.filter(f -> f.toString().endsWith(".log") || f.toString().endsWith(".asadmin")).toList();
        }
        assertTrue(written.contains(data.resolve("payara.log")) && written.contains(data.resolve("postboot.asadmin")),
                "payara.log and postboot.asadmin were written: " + written);
        for (Path file : written) {
            assertFalse(Files.readString(file).contains(SECRET), "the database password is not in " + file);
        }
    }

    /**
     * Two instances of the main job on one PostgreSQL and a three-node NATS cluster with R3
     * streams, both taking orders and both billing them in one group. A quarter of the way through
     * the load the first instance is killed with -9; then node 1 is killed and started again, then
     * node 2. The survivor sends the first one's unsent events once their lease ends and gets its
     * unacked deliveries after the ack wait, through the node kills: every order stored, whichever
     * instance took it, is billed once.
     */
    @Test
    void ofTwoInstancesOnOnePostgresqlAndAClusterOneInstanceThenTwoNodesAreKilledMidLoadAndEveryOrderIsBilledOnce()
            throws Exception {
        Map<String, String> environment = new HashMap<>(postgres(TWO_INSTANCES_DATABASE));
        environment.putAll(SHORT_LOOKBACK);
        environment.put("NATSCAP_STREAM_REPLICAS", "3");
        int orders = 400;
        // the survivor alone answers half: the steps of the kills are counted in those
        int steps = orders / 2;
        try (NatsTestCluster cluster = NatsTestCluster.start(3);
             // one after the other: the first creates the tables
             MainJob first = MainJob.start(data("first-instance"), cluster.urls(), environment);
             MainJob second = MainJob.start(data("second-instance"), cluster.urls(), environment)) {
            Load load = placeOrders(List.of(first.base(), second.base()), orders, answered -> {
                for (int step = 0; step < steps; step++) {
                    int reached = step;
                    Await.until(LIMIT, () -> answered.getAsInt() >= reached, () -> reached + " orders answered");
                    if (step == steps / 4) {
                        first.killPayara();
                    }
                    cluster.killOneNodeAfterAnother(step, steps);
                }
            });
            assertTrue(load.answered().size() >= steps, "the survivor answered its half: " + load.answered().size());
            assertEquals(List.of(), load.refused(), "no order was refused by an instance that was up");
            System.out.printf("natscap measured: %d of %d orders answered 201 on the cluster, %d calls to the killed instance "
                    + "failed%n", load.answered().size(), orders, load.unreachable());
            awaitEveryOrderBilledOnce(second.base(), load.answered(), "the killed instance's orders were taken over");
            try (var client = Nats.connect(cluster.urls())) {
                assertEquals(3, client.jetStreamManagement().getStreamInfo("orders").getConfiguration().getReplicas(),
                        "the sample's stream has 3 replicas");
            }
        }
    }

    private static void crashAndRestart(Path data, Map<String, String> options) throws Exception {
        Map<String, String> environment = new HashMap<>(options);
        environment.putAll(SHORT_LOOKBACK);
        Load load;
        try (MainJob job = MainJob.start(data, nats.url(), environment)) {
            load = placeOrders(List.of(job.base()), ORDERS, answered -> { });
            job.killPayara();
        }
        assertEquals(ORDERS, load.answered().size(), "every order was answered 201 before the crash: " + load.refused());

        try (MainJob job = MainJob.start(data, nats.url(), environment)) {
            awaitEveryOrderBilledOnce(job.base(), load.answered(), "answered 201 before the crash, billed after the restart");
        }
    }

    /**
     * Every answered order BILLED; then the outbox and inbox settled: every stored order's event
     * sent and run by billing once, nothing failed. (Events sent before a crash but not yet marked
     * are sent again after the lookback and skipped by billing's inbox.)
     */
    private static void awaitEveryOrderBilledOnce(URL base, List<String> answered, String why) {
        for (String id : answered) {
            Await.until(LIMIT, () -> Http.get(base, "api/orders/" + id).body().contains("\"status\":\"BILLED\""),
                    () -> "order " + id + " billed (" + why + "); it is " + Http.get(base, "api/orders/" + id).statusCode() + " "
                            + Http.get(base, "api/orders/" + id).body() + "; outbox " + Http.get(base, "api/outbox").body());
        }
        // orders committed just before a kill may never have been answered: count what is stored
        long stored = ID.matcher(Http.get(base, "api/orders").body()).results().count();
        assertTrue(stored >= answered.size(), "every answered order is stored: " + stored + " of " + answered.size());
        String settled = "{\"published\":{\"Succeeded\":" + stored + "},\"received\":{\"Succeeded\":" + stored + "}}";
        Await.until(SETTLE_LIMIT, () -> Http.get(base, "api/outbox").body().equals(settled),
                () -> "each of the " + stored + " orders' events sent, and run by billing once, with nothing failed: " + settled
                        + "; the outbox shows " + Http.get(base, "api/outbox").body());
    }

    /** What a load did: the ids answered 201, answers other than 201, calls that reached no server. */
    private record Load(List<String> answered, List<String> refused, int unreachable) {
    }

    /**
     * {@code orders} orders from CALLERS threads, taking turns over {@code bases}; {@code midway}
     * runs beside the load, given the count of orders answered so far.
     */
    private static Load placeOrders(List<URL> bases, int orders, Midway midway) throws InterruptedException {
        List<String> answered = Collections.synchronizedList(new ArrayList<>());
        List<String> refused = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger unreachable = new AtomicInteger();
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        List<Throwable> midwayFailure = new ArrayList<>();
        Thread interruption = new Thread(() -> {
            try {
                midway.run(answered::size);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | AssertionError e) {
                midwayFailure.add(e);
            }
        }, "midway");
        interruption.start();
        for (int i = 0; i < orders; i++) {
            String customer = "crash-" + i;
            URL base = bases.get(i % bases.size());
            callers.execute(() -> {
                HttpResponse<String> placed;
                try {
                    placed = Http.post(base, "api/orders", "{\"customer\":\"" + customer + "\",\"amount\":3}");
                } catch (AssertionError noServer) {
                    unreachable.incrementAndGet();
                    return;
                }
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
        interruption.join(LIMIT.toMillis());
        if (!midwayFailure.isEmpty()) {
            throw new AssertionError("what was to happen beside the load failed: " + midwayFailure.get(0), midwayFailure.get(0));
        }
        return new Load(List.copyOf(answered), List.copyOf(refused), unreachable.get());
    }

    /** What happens beside the load, watching how many orders are answered; it may wait. */
    @FunctionalInterface
    private interface Midway {
        void run(IntSupplier answered) throws InterruptedException;
    }

    /** PostgreSQL's database {@code name}, created afresh, for the main job's NATSCAP_DB_URL. */
    private static Map<String, String> postgres(String name) {
        freshPostgresDatabase(name);
        return Map.of("NATSCAP_DB_URL", POSTGRES + name, "NATSCAP_DB_USER", "postgres", "NATSCAP_DB_PASSWORD", SECRET);
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
    private static void freshPostgresDatabase(String name) {
        String unreachable = null;
        SQLException cause = null;
        try (Connection connection = DriverManager.getConnection(POSTGRES + "test", "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name);
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            unreachable = "PostgreSQL at " + POSTGRES + "test is not reachable (" + e.getMessage() + ")";
            cause = e;
        }
        RequiredServices.require(unreachable, cause);
    }
}
