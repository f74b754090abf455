package io.natscap.bench.app;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/** Case 1's last run, kept between the request that ran it and the ones that ask for its progress. */
final class LastRun {

    private static Counter counter;
    private static long before;
    private static long startNanos;
    private static Callers.Outcome outcome;

    private LastRun() {
    }

    static synchronized void started(Counter runCounter, long countBefore, long start, Callers.Outcome runOutcome) {
        counter = runCounter;
        before = countBefore;
        startNanos = start;
        outcome = runOutcome;
    }

    /** processed, caughtUp, and endToEndMillis: from the start to the last one processed (the window for bare). */
    static synchronized JsonObject progress() {
        if (outcome == null) {
            throw new IllegalStateException("no transactions run yet");
        }
        long processed = counter == null ? outcome.completed() : counter.count() - before;
        boolean caughtUp = processed >= outcome.completed();
        long endToEnd = counter == null || !caughtUp ? outcome.nanos() : Math.max(outcome.nanos(), counter.lastNanos() - startNanos);
        return Json.createObjectBuilder()
                .add("completed", outcome.completed())
                .add("processed", processed)
                .add("caughtUp", caughtUp)
                .add("endToEndMillis", endToEnd / 1_000_000.0)
                .build();
    }
}
