package io.natscap.bench.runner;

import io.natscap.bench.runner.Report.Comparison;
import io.natscap.testing.NatsTestServer;
import jakarta.json.JsonObject;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark: one nats-server of its own, Payara Micro with the RAR and the benchmark
 * application (once on H2, once on PostgreSQL), then Payara Micro with the orders sample for the
 * footprint. Every case runs a warm-up, then {@code runs} measured runs; a case's variants take
 * turns run by run, so that drift over time hits them alike.
 */
public final class BenchmarkRunner {

    /** What the outbox must keep of the bare transaction rate, the pool of a raw connection, the bean of a raw consumer. */
    static final double OUTBOX_TARGET = 0.8;
    static final double POOL_TARGET = 0.7;
    static final double CONSUME_TARGET = 0.7;
    /** What a CAP subscriber bean must keep of the hand-written transactional consumer (issue 13's target). */
    static final double TX_CONSUME_TARGET = 0.8;
    /** What the caller's transaction with a publish must keep of the same transaction without it (issue 13). */
    static final double CALLER_TARGET = 0.9;
    /** What the outbox must keep, with a million old rows in its table, of its rate with none: flat within 20 % (issue 13). */
    static final double SCALE_TARGET = 0.8;
    /** Case 1c's old rows. */
    static final int OLD_ROWS = 1_000_000;

    private final Settings settings;
    private final NatsTestServer nats;
    private final Report report;

    private BenchmarkRunner(Settings settings, NatsTestServer nats, Report report) {
        this.settings = settings;
        this.nats = nats;
        this.report = report;
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromSystemProperties();
        String started = Instant.now().toString();
        try (NatsTestServer nats = NatsTestServer.start()) {
            say("nats-server " + nats.url() + " (" + NatsTestServer.executable() + ")");
            Map<String, Object> settingsDescribed = settings.describe();
            Report report = new Report(started, Machine.describe(),
                    Machine.versions(Machine.natsServerVersion(NatsTestServer.executable())), settingsDescribed);
            new BenchmarkRunner(settings, nats, report).runAll(settingsDescribed);
            Path json = report.write(settings.output());
            System.out.println();
            System.out.println(report.markdown());
            say("written: " + json + " and " + json.toString().replace(".json", ".md"));
        }
        // kept after a failure: the Payara Micro logs there say what went wrong
        PayaraMicro.deleteTree(settings.work());
    }

    private void runAll(Map<String, Object> described) throws Exception {
        boolean needsBenchApp = settings.runs("outbox") || settings.runs("publish") || settings.runs("consume")
                || settings.runs("txconsume") || settings.runs("recovery") || settings.runs("scale") || settings.runs("drain")
                || settings.runs("concurrency");
        if (needsBenchApp) {
            for (String database : settings.databases()) {
                boolean h2 = database.equals("h2");
                // the cases without a database run in the first boot
                boolean first = database.equals(settings.databases().get(0));
                boolean runsHere = settings.runs("outbox") || settings.runs("txconsume")
                        || (first && (settings.runs("publish") || settings.runs("consume")))
                        || (isRecoveryDatabase(database) && (settings.runs("recovery") || settings.runs("drain")
                                || settings.runs("concurrency")))
                        || (database.equals("postgresql") && settings.runs("scale"));
                if (!runsHere) {
                    continue;
                }
                String dataSource = h2 ? "java:comp/DefaultDataSource" : "jdbc/natscap-pg";
                say("Payara Micro with nats-ra and the benchmark application, outbox in " + database + " (" + dataSource + ")");
                try (PayaraMicro payara = PayaraMicro.start("bench-" + database, settings, nats.url(), "bench.war",
                        List.of("cap.dataSource=" + dataSource, "bench.natsUrl=" + nats.url()))) {
                    BenchClient app = new BenchClient(payara);
                    JsonObject info = app.get("info");
                    described.put("database." + database, info.getString("database"));
                    described.put("payloadBytes", info.getInt("payloadBytes"));
                    described.put("subscriberConcurrency", info.getInt("subscriberConcurrency"));
                    say("ready in " + payara.readyMillis() + " ms; " + info);
                    if (settings.runs("outbox")) {
                        outboxEndToEnd(app, database);
                    }
                    if (first && settings.runs("publish")) {
                        pooledPublish(app);
                    }
                    if (first && settings.runs("consume")) {
                        consumption(app);
                    }
                    boolean curve = isRecoveryDatabase(database) && settings.runs("concurrency");
                    if (settings.runs("txconsume") || curve) {
                        transactionalConsumption(app, database, settings.runs("txconsume"), curve);
                    }
                    if (database.equals("postgresql") && settings.runs("scale")) {
                        outboxAtScale(app, database);
                    }
                    if (isRecoveryDatabase(database) && settings.runs("recovery")) {
                        new RecoveryCase(settings, nats, app, report).run(database);
                    }
                    if (isRecoveryDatabase(database) && settings.runs("drain")) {
                        new DrainCase(settings, nats, app, report).run(database);
                    }
                }
            }
        }
        if (settings.runs("footprint")) {
            new FootprintCase(settings, nats, report).run();
        }
    }

    /** Recovery, the backlog drain and the concurrency curve run on PostgreSQL when it is measured, else on H2. */
    private boolean isRecoveryDatabase(String database) {
        return database.equals(settings.databases().contains("postgresql") ? "postgresql" : "h2");
    }

    /**
     * Case 1: transactions/s, bare vs naive vs outbox, counted at the subscriber; and case 1b, seen
     * from the callers: transactions committed per second of the calling window, with publish
     * (on a subject nobody consumes, and case 1's outbox with its subscriber at work) and without
     * (bare).
     */
    private void outboxEndToEnd(BenchClient app, String database) throws Exception {
        for (int callers : settings.callers()) {
            say("case 1, outbox end-to-end on " + database + ", " + callers + " caller(s)");
            List<String> variants = List.of("bare", "naive", "outbox", "unconsumed");
            Map<String, Measure> measured = new LinkedHashMap<>();
            Map<String, Measure> windows = new LinkedHashMap<>();
            for (String variant : variants) {
                measured.put(variant, new Measure());
                windows.put(variant, new Measure());
                transactionRun(app, variant, callers, settings.warmupSeconds(), false, null, null);
            }
            for (int run = 1; run <= settings.runs(); run++) {
                for (String variant : variants) {
                    transactionRun(app, variant, callers, settings.seconds(), false, measured.get(variant), windows.get(variant));
                }
            }
            String setting = database + ", " + callers + " caller" + (callers > 1 ? "s" : "");
            report.add(new Comparison("1 outbox end-to-end", setting, "tx/s", "outbox", measured.get("outbox"),
                    "bare tx", measured.get("bare"), OUTBOX_TARGET));
            report.add(new Comparison("1 outbox end-to-end", setting, "tx/s", "outbox", measured.get("outbox"),
                    "naive (commit, then publish)", measured.get("naive"), 0));
            report.add(new Comparison("1b caller's transaction", setting, "tx/s", "row + publish, nobody consuming",
                    windows.get("unconsumed"), "row alone (bare)", windows.get("bare"), CALLER_TARGET));
            report.add(new Comparison("1b caller's transaction", setting, "tx/s",
                    "row + publish, the subscriber consuming (case 1's outbox)", windows.get("outbox"),
                    "row alone (bare)", windows.get("bare"), 0));
        }
    }

    /**
     * Case 1c: the outbox end to end with one caller, its table empty, then holding a million old
     * rows (Succeeded, not yet expired, as a day of a busy service leaves them), with the plans of
     * the processors' statements against it. The two series run one after the other: the rows
     * take a while to write.
     */
    private void outboxAtScale(BenchClient app, String database) throws Exception {
        say("case 1c, outbox with 0 and " + OLD_ROWS + " old rows in the table, on " + database + ", 1 caller");
        Measure empty = new Measure();
        Measure full = new Measure();
        transactionRun(app, "outbox", 1, settings.warmupSeconds(), false, null, null);
        for (int run = 1; run <= settings.runs(); run++) {
            transactionRun(app, "outbox", 1, settings.seconds(), false, empty, null);
        }
        app.post("reset");
        JsonObject added = app.post("outbox/old-rows?rows=" + OLD_ROWS);
        say("  " + OLD_ROWS + " old rows written in " + added.getJsonNumber("millis") + " ms");
        JsonObject plans = app.get("outbox/plans");
        plans.forEach((query, plan) -> report.plan(database + ", " + OLD_ROWS + " old rows: " + query,
                ((jakarta.json.JsonString) plan).getString()));
        for (int run = 1; run <= settings.runs(); run++) {
            transactionRun(app, "outbox", 1, settings.seconds(), true, full, null);
        }
        app.post("reset");
        report.add(new Comparison("1c outbox at scale", database + ", 1 caller", "tx/s",
                "outbox, " + OLD_ROWS + " old rows in cap_published", full, "outbox, empty cap_published", empty, SCALE_TARGET));
    }

    private void transactionRun(BenchClient app, String variant, int callers, int seconds, boolean keepOutbox, Measure into,
                                Measure window) throws Exception {
        app.post(keepOutbox ? "reset?keepOutbox=true" : "reset");
        JsonObject started = app.post("transactions?variant=" + variant + "&callers=" + callers + "&seconds=" + seconds);
        checkRun("case 1 " + variant + ", " + callers + " caller(s)", started);
        JsonObject result = app.get("transactions/progress");
        long deadline = System.nanoTime() + CATCH_UP_LIMIT.toNanos();
        while (!result.getBoolean("caughtUp") && System.nanoTime() < deadline) {
            Thread.sleep(200);
            result = app.get("transactions/progress");
        }
        checkRun("case 1 " + variant + ", " + callers + " caller(s)", result);
        double rate = rate(result);
        double windowRate = started.getJsonNumber("completed").longValue() * 1000.0 / started.getJsonNumber("windowMillis").doubleValue();
        if (window != null) {
            window.add(windowRate);
        }
        if (into != null) {
            into.add(rate);
            say(String.format(java.util.Locale.ROOT,
                    "  %-6s %8.0f tx/s  (%d committed, %.0f/s in the window; %d processed, %.0f ms to the last)", variant, rate,
                    result.getJsonNumber("completed").longValue(), windowRate,
                    result.getJsonNumber("processed").longValue(), result.getJsonNumber("endToEndMillis").doubleValue()));
        }
    }

    /** Case 2: publishes/s, borrow-publish-close through the pool vs one shared raw connection. */
    private void pooledPublish(BenchClient app) throws Exception {
        List<String> modes = List.of("pooled", "burst", "raw");
        for (String kind : List.of("core", "jetstream")) {
            for (int callers : settings.callers()) {
                say("case 2, pooled publish, " + kind + ", " + callers + " caller(s)");
                Map<String, Measure> measured = new LinkedHashMap<>();
                modes.forEach(mode -> measured.put(mode, new Measure()));
                String query = "&kind=" + kind + "&callers=" + callers + "&seconds=";
                // one warm-up per kind: the code a second caller count runs is already compiled
                for (String mode : callers == settings.callers().get(0) ? modes : List.<String>of()) {
                    checkRun("case 2 warm-up", app.post("publish?mode=" + mode + query + publishSeconds(settings.warmupSeconds())));
                }
                for (int run = 1; run <= settings.runs(); run++) {
                    for (String mode : modes) {
                        JsonObject result = app.post("publish?mode=" + mode + query + publishSeconds(settings.seconds()));
                        checkRun("case 2 " + mode + " " + kind, result);
                        measured.get(mode).add(rate(result));
                        say(String.format(java.util.Locale.ROOT, "  %-6s %9.0f msgs/s", mode, rate(result)));
                    }
                }
                String setting = kind + ", " + callers + " caller" + (callers > 1 ? "s" : "");
                report.add(new Comparison("2 pooled publish", setting, "msgs/s", "pooled (borrow, publish, close)",
                        measured.get("pooled"), "one raw jnats connection", measured.get("raw"), POOL_TARGET));
                report.add(new Comparison("2 pooled publish", setting, "msgs/s", "pooled, one handle per burst of 100",
                        measured.get("burst"), "one raw jnats connection", measured.get("raw"), POOL_TARGET));
            }
        }
    }

    /**
     * Case 2's runs last half as long as the others: twelve settings of steady, CPU-bound
     * publishing whose runs agree within a few per cent, and the full run must stay under 30
     * minutes with the scale cases.
     */
    private static int publishSeconds(int seconds) {
        return Math.max(2, seconds / 2);
    }

    /**
     * Case 3: a backlog consumed by the bean through the adapter vs a raw jnats consumer. The
     * backlog is sized from the warm-up so that a run lasts about {@code seconds}.
     */
    private void consumption(BenchClient app) throws Exception {
        say("case 3, consumption: message-driven bean (pull batches of 10 and 100) vs raw jnats consumer");
        Map<String, Measure> measured = consumptionRuns(app, List.of("mdb", "mdb100", "raw"), mode -> 50_000);
        report.add(new Comparison("3 consumption", "one stream, backlog, 1 consumer", "msgs/s",
                "message-driven bean (adapter defaults)", measured.get("mdb"), "raw jnats consume()", measured.get("raw"),
                CONSUME_TARGET));
        report.add(new Comparison("3 consumption", "one stream, backlog, 1 consumer", "msgs/s",
                "message-driven bean, pullBatchSize 100", measured.get("mdb100"), "the same bean, pullBatchSize 10 (the default)",
                measured.get("mdb"), 0));
    }

    /**
     * Case 3b: a backlog consumed with one business row per message in a transaction, by a CAP
     * subscriber bean (inbox included) vs the hand-written consumer a Jakarta EE developer would
     * write instead (jnats consume(), the same business method in a UserTransaction, ack after
     * commit), both {@code Scenarios.SUBSCRIBER_CONCURRENCY} at a time. Case 3c, in the same runs
     * where both are measured: the bean at concurrency 1, 2, 4 and 8 (one bean each: the property
     * is fixed at deployment), against its own rate at the adapter's default of 1.
     */
    private void transactionalConsumption(BenchClient app, String database, boolean against, boolean curve) throws Exception {
        say("case 3b/3c, transactional consumption on " + database + ":" + (against ? " CAP subscriber bean vs hand-written consumer"
                : "") + (curve ? " CAP subscriber bean at concurrency 1, 2, 4, 8" : ""));
        List<String> modes = new java.util.ArrayList<>(List.of("cap"));
        if (against) {
            modes.add("tx");
        }
        if (curve) {
            modes.addAll(List.of("cap1", "cap2", "cap8"));
        }
        // a smaller probe for the curve's slow end; on PostgreSQL a cold bean takes 50,000 in longer than one HTTP request may last
        Map<String, Measure> measured = consumptionRuns(app, modes, mode -> mode.startsWith("cap") && mode.length() > 3 ? 5_000 : 20_000);
        if (against) {
            report.add(new Comparison("3b transactional consumption", database + ", one business row per message, 4 at a time",
                    "msgs/s", "MDB + CapSubscriber (inbox, business row, one commit)", measured.get("cap"),
                    "hand-written consume() + UserTransaction (business row, ack after commit)", measured.get("tx"), TX_CONSUME_TARGET));
        }
        if (curve) {
            for (String mode : List.of("cap2", "cap", "cap8")) {
                String concurrency = mode.equals("cap") ? "4" : mode.substring(3);
                report.add(new Comparison("3c consumption by concurrency", database + ", one business row per message", "msgs/s",
                        "MDB + CapSubscriber, concurrency " + concurrency, measured.get(mode),
                        "the same bean, concurrency 1 (the adapter's default)", measured.get("cap1"), 0));
            }
        }
    }

    /** A warm-up of {@code probe} messages per mode sizes its backlog; then the modes take turns, run by run. */
    private Map<String, Measure> consumptionRuns(BenchClient app, List<String> modes, java.util.function.ToIntFunction<String> probes)
            throws Exception {
        Map<String, Integer> backlog = new LinkedHashMap<>();
        for (String mode : modes) {
            int probe = probes.applyAsInt(mode);
            putBacklog(app, mode, probe);
            JsonObject warm = app.post("consume?mode=" + mode + "&count=" + probe);
            checkRun("consumption warm-up " + mode, warm);
            double rate = rate(warm);
            // a warm-up runs slower than the measured runs (JIT, a cold stream): a fifth more, so that a
            // run lasts about its seconds (1.5 made the PostgreSQL runs last 15-19 s and the full run 31 min)
            int count = (int) Math.min(MAX_BACKLOG, Math.max(probe, rate * settings.seconds() * 1.2));
            backlog.put(mode, count);
            say("  warm-up " + mode + ": " + Math.round(rate) + " msgs/s; runs use " + count + " messages");
        }
        Map<String, Measure> measured = new LinkedHashMap<>();
        modes.forEach(mode -> measured.put(mode, new Measure()));
        for (int run = 1; run <= settings.runs(); run++) {
            for (String mode : modes) {
                putBacklog(app, mode, backlog.get(mode));
                JsonObject result = app.post("consume?mode=" + mode + "&count=" + backlog.get(mode));
                checkRun("consumption " + mode, result);
                double seconds = result.getJsonNumber("endToEndMillis").doubleValue() / 1000;
                if (seconds < settings.seconds()) {
                    report.note("consumption " + mode + ": a run of " + backlog.get(mode) + " messages took only "
                            + Measure.format(seconds) + " s (the backlog is capped at " + MAX_BACKLOG + ")");
                }
                measured.get(mode).add(rate(result));
                say(String.format(java.util.Locale.ROOT, "  %-4s %9.0f msgs/s over %.1f s", mode, rate(result), seconds));
            }
        }
        return measured;
    }

    /** Fills the stream in slices of at most {@value #BACKLOG_SLICE}: each request stays well inside the HTTP listener's time-out. */
    private static void putBacklog(BenchClient app, String mode, int count) throws Exception {
        for (int done = 0; done < count; done += BACKLOG_SLICE) {
            app.post("consume/backlog?mode=" + mode + "&count=" + Math.min(BACKLOG_SLICE, count - done) + "&fresh=" + (done == 0));
        }
    }

    private static final int BACKLOG_SLICE = 250_000;
    /** How long a run may wait for its subscriber to process what the callers committed. */
    private static final java.time.Duration CATCH_UP_LIMIT = java.time.Duration.ofMinutes(5);

    /** The consumption case's largest backlog: 256-byte messages, about 770 MB in the stream. */
    private static final int MAX_BACKLOG = 3_000_000;

    static double rate(JsonObject result) {
        double millis = result.getJsonNumber("endToEndMillis").doubleValue();
        return result.getJsonNumber("completed").longValue() * 1000.0 / millis;
    }

    /** A run with errors or a subscriber that did not catch up is reported, not hidden. */
    private void checkRun(String what, JsonObject result) {
        long errors = result.containsKey("errors") ? result.getJsonNumber("errors").longValue() : 0;
        if (errors > 0) {
            report.note(what + ": " + errors + " error(s), first: " + result.getString("firstError", "?"));
        }
        if (result.containsKey("caughtUp") && !result.getBoolean("caughtUp") && result.containsKey("processed")) {
            report.note(what + ": the subscriber processed " + result.getJsonNumber("processed") + " of "
                    + result.getJsonNumber("completed") + " within the catch-up limit");
        }
    }

    static void say(String line) {
        System.out.println("[bench " + java.time.LocalTime.now().withNano(0) + "] " + line);
    }
}
