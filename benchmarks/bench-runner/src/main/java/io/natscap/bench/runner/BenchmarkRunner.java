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
                || settings.runs("txconsume") || settings.runs("recovery");
        if (needsBenchApp) {
            for (String database : settings.databases()) {
                boolean h2 = database.equals("h2");
                // the cases without a database run in the first boot
                boolean first = database.equals(settings.databases().get(0));
                boolean runsHere = settings.runs("outbox") || settings.runs("txconsume")
                        || (first && (settings.runs("publish") || settings.runs("consume")))
                        || (isRecoveryDatabase(database) && settings.runs("recovery"));
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
                    if (settings.runs("txconsume")) {
                        transactionalConsumption(app, database);
                    }
                    if (isRecoveryDatabase(database) && settings.runs("recovery")) {
                        new RecoveryCase(settings, nats, app, report).run(database);
                    }
                }
            }
        }
        if (settings.runs("footprint")) {
            new FootprintCase(settings, nats, report).run();
        }
    }

    /** Recovery runs on PostgreSQL when it is measured, else on H2. */
    private boolean isRecoveryDatabase(String database) {
        return database.equals(settings.databases().contains("postgresql") ? "postgresql" : "h2");
    }

    /** Case 1: transactions/s, bare vs naive vs outbox, counted at the subscriber. */
    private void outboxEndToEnd(BenchClient app, String database) throws Exception {
        for (int callers : settings.callers()) {
            say("case 1, outbox end-to-end on " + database + ", " + callers + " caller(s)");
            List<String> variants = List.of("bare", "naive", "outbox");
            Map<String, Measure> measured = new LinkedHashMap<>();
            for (String variant : variants) {
                measured.put(variant, new Measure());
                transactionRun(app, variant, callers, settings.warmupSeconds(), null);
            }
            for (int run = 1; run <= settings.runs(); run++) {
                for (String variant : variants) {
                    transactionRun(app, variant, callers, settings.seconds(), measured.get(variant));
                }
            }
            String setting = database + ", " + callers + " caller" + (callers > 1 ? "s" : "");
            report.add(new Comparison("1 outbox end-to-end", setting, "tx/s", "outbox", measured.get("outbox"),
                    "bare tx", measured.get("bare"), OUTBOX_TARGET));
            report.add(new Comparison("1 outbox end-to-end", setting, "tx/s", "outbox", measured.get("outbox"),
                    "naive (commit, then publish)", measured.get("naive"), 0));
        }
    }

    private void transactionRun(BenchClient app, String variant, int callers, int seconds, Measure into) throws Exception {
        app.post("reset");
        JsonObject window = app.post("transactions?variant=" + variant + "&callers=" + callers + "&seconds=" + seconds);
        checkRun("case 1 " + variant + ", " + callers + " caller(s)", window);
        JsonObject result = app.get("transactions/progress");
        long deadline = System.nanoTime() + CATCH_UP_LIMIT.toNanos();
        while (!result.getBoolean("caughtUp") && System.nanoTime() < deadline) {
            Thread.sleep(200);
            result = app.get("transactions/progress");
        }
        checkRun("case 1 " + variant + ", " + callers + " caller(s)", result);
        double rate = rate(result);
        if (into != null) {
            into.add(rate);
            say(String.format(java.util.Locale.ROOT, "  %-6s %8.0f tx/s  (%d committed, %d processed, %.0f ms to the last)",
                    variant, rate, result.getJsonNumber("completed").longValue(),
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
                for (String mode : modes) {
                    checkRun("case 2 warm-up", app.post("publish?mode=" + mode + query + settings.warmupSeconds()));
                }
                for (int run = 1; run <= settings.runs(); run++) {
                    for (String mode : modes) {
                        JsonObject result = app.post("publish?mode=" + mode + query + settings.seconds());
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
     * Case 3: a backlog consumed by the bean through the adapter vs a raw jnats consumer. The
     * backlog is sized from the warm-up so that a run lasts about {@code seconds}.
     */
    private void consumption(BenchClient app) throws Exception {
        say("case 3, consumption: message-driven bean vs raw jnats consumer");
        Map<String, Measure> measured = consumptionRuns(app, List.of("mdb", "raw"), 50_000);
        report.add(new Comparison("3 consumption", "one stream, backlog, 1 consumer", "msgs/s",
                "message-driven bean (adapter defaults)", measured.get("mdb"), "raw jnats consume()", measured.get("raw"),
                CONSUME_TARGET));
    }

    /**
     * Case 3b: a backlog consumed with one business row per message in a transaction, by a CAP
     * subscriber bean (inbox included) vs the hand-written consumer a Jakarta EE developer would
     * write instead (jnats consume(), the same business method in a UserTransaction, ack after
     * commit), both {@code Scenarios.SUBSCRIBER_CONCURRENCY} at a time.
     */
    private void transactionalConsumption(BenchClient app, String database) throws Exception {
        say("case 3b, transactional consumption on " + database + ": CAP subscriber bean vs hand-written consumer");
        // a smaller probe: on PostgreSQL a cold bean takes 50,000 in longer than one HTTP request may last
        Map<String, Measure> measured = consumptionRuns(app, List.of("cap", "tx"), 20_000);
        report.add(new Comparison("3b transactional consumption", database + ", one business row per message, 4 at a time",
                "msgs/s", "MDB + CapSubscriber (inbox, business row, one commit)", measured.get("cap"),
                "hand-written consume() + UserTransaction (business row, ack after commit)", measured.get("tx"), TX_CONSUME_TARGET));
    }

    /** A warm-up of {@code probe} messages per mode sizes its backlog; then the modes take turns, run by run. */
    private Map<String, Measure> consumptionRuns(BenchClient app, List<String> modes, int probe) throws Exception {
        Map<String, Integer> backlog = new LinkedHashMap<>();
        for (String mode : modes) {
            putBacklog(app, mode, probe);
            JsonObject warm = app.post("consume?mode=" + mode + "&count=" + probe);
            checkRun("consumption warm-up " + mode, warm);
            double rate = rate(warm);
            // a warm-up runs slower than the measured runs (JIT, a cold stream): half as much again
            int count = (int) Math.min(MAX_BACKLOG, Math.max(probe, rate * settings.seconds() * 1.5));
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
