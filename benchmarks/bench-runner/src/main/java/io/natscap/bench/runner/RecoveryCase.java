package io.natscap.bench.runner;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamState;
import io.natscap.bench.runner.Report.Figure;
import io.natscap.cap.CapHeaders;
import io.natscap.testing.NatsTestServer;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Case 4: outbox transactions at a steady rate while nats-server is stopped for a while and
 * started again. Afterwards the stream is read message by message: when each committed event
 * arrived (the server's timestamp), which are missing, which came twice.
 */
final class RecoveryCase {

    private static final Duration BEFORE_OUTAGE = Duration.ofSeconds(5);
    private static final Duration AFTER_OUTAGE = Duration.ofSeconds(10);
    private static final Duration DRAIN_LIMIT = Duration.ofMinutes(3);

    private final Settings settings;
    private final NatsTestServer nats;
    private final BenchClient app;
    private final Report report;

    RecoveryCase(Settings settings, NatsTestServer nats, BenchClient app, Report report) {
        this.settings = settings;
        this.nats = nats;
        this.app = app;
        this.report = report;
    }

    void run(String database) throws Exception {
        BenchmarkRunner.say("case 4, recovery: " + settings.recoveryRate() + " outbox tx/s on " + database + ", nats-server stopped for "
                + settings.outageSeconds() + " s");
        Measure firstPublish = new Measure();
        Measure drained = new Measure();
        Measure errors = new Measure();
        Measure lost = new Measure();
        Measure duplicated = new Measure();
        Measure backlog = new Measure();
        for (int run = 1; run <= settings.runs(); run++) {
            app.post("reset");
            JsonObject started = app.post("steady/start?rate=" + settings.recoveryRate());
            String stream = started.getString("stream");
            Thread.sleep(BEFORE_OUTAGE.toMillis());
            nats.stop();
            long stoppedAt = System.currentTimeMillis();
            Thread.sleep(Duration.ofSeconds(settings.outageSeconds()).toMillis());
            long readyAt = startAndWatch(nats);
            Thread.sleep(AFTER_OUTAGE.toMillis());
            JsonObject outcome = app.post("steady/stop");

            JsonArray ids = outcome.getJsonArray("ids");
            JsonArray commitTimes = outcome.getJsonArray("commitMillis");
            StreamContents contents = readStream(stream, ids.size());
            Map<Long, Long> arrivals = contents.arrivals();
            long missing = 0;
            long outageBacklog = 0;
            long lastBacklogArrival = readyAt;
            for (int i = 0; i < ids.size(); i++) {
                long id = ids.getJsonNumber(i).longValue();
                long committedAt = commitTimes.getJsonNumber(i).longValue();
                Long arrived = arrivals.get(id);
                if (arrived == null) {
                    missing++;
                    continue;
                }
                if (committedAt >= stoppedAt && committedAt < readyAt) {
                    outageBacklog++;
                }
                if (committedAt < readyAt) {
                    lastBacklogArrival = Math.max(lastBacklogArrival, arrived);
                }
            }
            long first = arrivals.values().stream().filter(t -> t >= readyAt).mapToLong(Long::longValue).min().orElse(-1);
            firstPublish.add(first < 0 ? Double.NaN : (first - readyAt) / 1000.0);
            drained.add((lastBacklogArrival - readyAt) / 1000.0);
            errors.add(outcome.getInt("errors"));
            lost.add(missing);
            duplicated.add(contents.duplicates());
            backlog.add(outageBacklog);
            BenchmarkRunner.say(String.format(java.util.Locale.ROOT,
                    "  run %d: %d committed (%d during the outage), first publish %.3f s after the server was ready,"
                            + " backlog in the stream after %.3f s, %d app errors, %d lost, %.0f duplicated",
                    run, ids.size(), outageBacklog, (first - readyAt) / 1000.0, (lastBacklogArrival - readyAt) / 1000.0,
                    outcome.getInt("errors"), missing, (double) contents.duplicates()));
            if (outcome.getInt("errors") > 0) {
                report.note("case 4 run " + run + ": the application saw " + outcome.getInt("errors") + " error(s), first: "
                        + outcome.getJsonArray("firstErrors").getString(0));
            }
        }
        String section = "4 recovery (" + database + ", " + settings.recoveryRate() + " tx/s, " + settings.outageSeconds() + " s outage)";
        report.add(new Figure(section, "events committed during the outage", "events", backlog, null));
        report.add(new Figure(section, "server ready → first successful publish", "s", firstPublish, null));
        report.add(new Figure(section, "server ready → backlog drained into the stream", "s", drained, null));
        report.add(new Figure(section, "errors seen by the application", "", errors, 0.0));
        report.add(new Figure(section, "events lost (committed, not in the stream)", "", lost, 0.0));
        report.add(new Figure(section, "events duplicated in the stream", "", duplicated, 0.0));
    }

    /**
     * Starts nats-server again; returns when it first accepted a TCP connection (ms), watched by
     * a thread of its own: startAgain() returns a little after that, once the runner is satisfied.
     */
    static long startAndWatch(NatsTestServer nats) throws Exception {
        AtomicLong acceptedAt = new AtomicLong();
        Thread watcher = new Thread(() -> {
            while (acceptedAt.get() == 0) {
                try (Socket socket = new Socket("127.0.0.1", nats.port())) {
                    acceptedAt.set(System.currentTimeMillis());
                } catch (IOException notYet) {
                    LockSupport.parkNanos(1_000_000);
                }
            }
        });
        watcher.setDaemon(true);
        watcher.start();
        nats.startAgain();
        watcher.join(Duration.ofSeconds(30).toMillis());
        if (acceptedAt.get() == 0) {
            throw new IllegalStateException("nats-server on port " + nats.port() + " accepted no connection after its restart");
        }
        return acceptedAt.get();
    }

    /** Each event's first arrival (ms, the server's clock) by cap-msg-id, and how many arrived more than once. */
    private record StreamContents(Map<Long, Long> arrivals, long duplicates) {
    }

    /** Reads the stream once it holds at least {@code expected} messages (or the drain limit passed). */
    private StreamContents readStream(String stream, int expected) throws Exception {
        try (Connection connection = Nats.connect(nats.url())) {
            JetStreamManagement jsm = connection.jetStreamManagement();
            long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
            StreamState state = jsm.getStreamInfo(stream).getStreamState();
            while (state.getMsgCount() < expected && System.nanoTime() < deadline) {
                Thread.sleep(200);
                state = jsm.getStreamInfo(stream).getStreamState();
            }
            if (state.getMsgCount() < expected) {
                report.note("case 4: the stream held " + state.getMsgCount() + " of " + expected + " committed events after "
                        + DRAIN_LIMIT.toMinutes() + " min");
            }
            Map<Long, Long> arrivals = new HashMap<>();
            Set<Long> idsSeen = new HashSet<>();
            long duplicates = 0;
            for (long seq = state.getFirstSequence(); seq <= state.getLastSequence(); seq++) {
                MessageInfo message = jsm.getMessage(stream, seq);
                long id = Long.parseLong(message.getHeaders().getFirst(CapHeaders.MESSAGE_ID));
                if (!idsSeen.add(id)) {
                    duplicates++;
                }
                arrivals.merge(id, message.getTime().toInstant().toEpochMilli(), Math::min);
            }
            return new StreamContents(arrivals, duplicates);
        }
    }
}
