package io.natscap.bench.runner;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.StreamState;
import io.natscap.bench.runner.Report.Figure;
import io.natscap.testing.NatsTestServer;
import jakarta.json.JsonObject;

import java.time.Duration;
import java.util.List;

/**
 * Case 6: a backlog of 10,000, then 100,000 events committed while nats-server is down, and how
 * fast the outbox puts it into the stream once the server is back: from the server's readiness
 * to the last event stored, and the rate between the first event stored and the last (the
 * server's timestamps). Then it checks that each committed event is in the stream once.
 */
final class DrainCase {

    /** The backlogs measured; the largest runs once (it takes about a minute to commit during the outage). */
    static final List<Integer> BACKLOGS = List.of(10_000, 100_000);
    /** The stream of the bench application's OutboxAtScale.DRAIN_SUBJECT (CAP: the subject's first token). */
    private static final String STREAM = "benchdrain";
    /** Events committed per request: each stays well inside the HTTP listener's time-out. */
    private static final int SLICE = 10_000;
    private static final Duration LIMIT = Duration.ofMinutes(5);

    private final Settings settings;
    private final NatsTestServer nats;
    private final BenchClient app;
    private final Report report;

    DrainCase(Settings settings, NatsTestServer nats, BenchClient app, Report report) {
        this.settings = settings;
        this.nats = nats;
        this.app = app;
        this.report = report;
    }

    void run(String database) throws Exception {
        for (int backlog : BACKLOGS) {
            int runs = backlog == BACKLOGS.get(BACKLOGS.size() - 1) ? 1 : settings.runs();
            BenchmarkRunner.say("case 6, backlog drain on " + database + ": " + backlog + " events committed while nats-server is down, "
                    + runs + " run(s)");
            Measure committing = new Measure();
            Measure readyToStored = new Measure();
            Measure rate = new Measure();
            Measure readyToMarked = new Measure();
            Measure lost = new Measure();
            Measure duplicated = new Measure();
            for (int run = 1; run <= runs; run++) {
                app.post("reset");
                emptyStream();
                nats.stop();
                long fillStart = System.nanoTime();
                for (int done = 0; done < backlog; done += SLICE) {
                    app.post("outbox/backlog?count=" + Math.min(SLICE, backlog - done));
                }
                awaitStates("Failed", backlog, "every event committed during the outage marked Failed (its send refused)");
                committing.add((System.nanoTime() - fillStart) / 1e9);
                long readyAt = RecoveryCase.startAndWatch(nats);
                StreamState stored = awaitStream(backlog);
                awaitStates("Succeeded", backlog, "every event marked Succeeded after the server's return");
                long markedAt = System.currentTimeMillis();
                long first;
                long last;
                try (Connection connection = Nats.connect(nats.url())) {
                    JetStreamManagement jsm = connection.jetStreamManagement();
                    first = jsm.getMessage(STREAM, stored.getFirstSequence()).getTime().toInstant().toEpochMilli();
                    last = jsm.getMessage(STREAM, stored.getLastSequence()).getTime().toInstant().toEpochMilli();
                }
                readyToStored.add((last - readyAt) / 1000.0);
                rate.add(backlog * 1000.0 / Math.max(1, last - first));
                readyToMarked.add((markedAt - readyAt) / 1000.0);
                lost.add(Math.max(0, backlog - stored.getMsgCount()));
                duplicated.add(Math.max(0, stored.getMsgCount() - backlog));
                BenchmarkRunner.say(String.format(java.util.Locale.ROOT,
                        "  run %d: committed in %.1f s; in the stream %.2f s after the server was ready, %.0f events/s from the "
                                + "first to the last; all marked Succeeded after %.2f s; %d in the stream",
                        run, committing.max(), (last - readyAt) / 1000.0, backlog * 1000.0 / Math.max(1, last - first),
                        (markedAt - readyAt) / 1000.0, stored.getMsgCount()));
            }
            app.post("reset");
            String section = "6 backlog drain (" + database + ", " + backlog + " events committed during the outage)";
            report.add(new Figure(section, "committing the backlog while nats-server is down", "s", committing, null));
            report.add(new Figure(section, "server ready → last event in the stream", "s", readyToStored, null));
            report.add(new Figure(section, "rate into the stream, first event to last", "events/s", rate, null));
            report.add(new Figure(section, "server ready → every row marked Succeeded", "s", readyToMarked, null));
            report.add(new Figure(section, "events lost (committed, not in the stream)", "", lost, 0.0));
            report.add(new Figure(section, "events duplicated in the stream", "", duplicated, 0.0));
        }
    }

    /** The outbox makes the stream with its first send; before that there is nothing to empty. */
    private void emptyStream() throws Exception {
        try (Connection connection = Nats.connect(nats.url())) {
            connection.jetStreamManagement().purgeStream(STREAM);
        } catch (JetStreamApiException absent) {
            // the first run: the stream comes with the first event sent
        }
    }

    private void awaitStates(String status, int count, String what) throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        JsonObject states = app.get("outbox/states");
        while (states.getJsonNumber(status) == null || states.getJsonNumber(status).longValue() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("case 6: " + what + " within " + LIMIT.toMinutes() + " min was expected ("
                        + count + " " + status + "); the outbox holds " + states);
            }
            Thread.sleep(100);
            states = app.get("outbox/states");
        }
    }

    private StreamState awaitStream(int count) throws Exception {
        try (Connection connection = Nats.connect(nats.url())) {
            JetStreamManagement jsm = connection.jetStreamManagement();
            long deadline = System.nanoTime() + LIMIT.toNanos();
            StreamState state = streamState(jsm);
            while ((state == null || state.getMsgCount() < count) && System.nanoTime() < deadline) {
                Thread.sleep(50);
                state = streamState(jsm);
            }
            if (state == null || state.getMsgCount() < count) {
                throw new IllegalStateException("case 6: " + count + " committed events in stream " + STREAM + " within "
                        + LIMIT.toMinutes() + " min were expected; it holds " + (state == null ? "nothing (no stream)"
                        : state.getMsgCount()));
            }
            return state;
        }
    }

    /** The stream's state, or null before the outbox's first send has made it. */
    private static StreamState streamState(JetStreamManagement jsm) throws Exception {
        try {
            return jsm.getStreamInfo(STREAM).getStreamState();
        } catch (JetStreamApiException absent) {
            return null;
        }
    }
}
