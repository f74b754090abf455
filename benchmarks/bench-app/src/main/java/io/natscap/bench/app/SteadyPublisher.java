package io.natscap.bench.app;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Case 4's load: outbox transactions at a fixed rate on one container thread, recording each
 * committed message id with its commit time, and every exception the application saw.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class SteadyPublisher {

    @Inject
    private Transactions transactions;

    private Thread thread;
    private volatile boolean running;
    private final List<long[]> committed = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    public synchronized void start(ThreadFactory threads, int ratePerSecond, String subject) {
        if (thread != null) {
            throw new IllegalStateException("the steady publisher is running already");
        }
        committed.clear();
        errors.clear();
        running = true;
        long interval = TimeUnit.SECONDS.toNanos(1) / ratePerSecond;
        thread = threads.newThread(() -> {
            long next = System.nanoTime();
            while (running) {
                long sequence = Callers.nextSequence();
                try {
                    long id = transactions.insertAndPublish(BenchEvent.of(sequence), subject);
                    record(id);
                } catch (Exception e) {
                    recordError(e);
                }
                next += interval;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
        });
        thread.start();
    }

    public JsonObject stop() throws InterruptedException {
        Thread stopping;
        synchronized (this) {
            stopping = thread;
            running = false;
        }
        if (stopping != null) {
            stopping.join();
        }
        synchronized (this) {
            thread = null;
            JsonArrayBuilder ids = Json.createArrayBuilder();
            JsonArrayBuilder times = Json.createArrayBuilder();
            for (long[] row : committed) {
                ids.add(row[0]);
                times.add(row[1]);
            }
            JsonArrayBuilder failures = Json.createArrayBuilder();
            errors.stream().limit(20).forEach(failures::add);
            return Json.createObjectBuilder()
                    .add("completed", committed.size())
                    .add("errors", errors.size())
                    .add("firstErrors", failures)
                    .add("ids", ids)
                    .add("commitMillis", times)
                    .build();
        }
    }

    private synchronized void record(long id) {
        committed.add(new long[] {id, System.currentTimeMillis()});
    }

    private synchronized void recordError(Exception e) {
        errors.add(e.getClass().getName() + ": " + e.getMessage());
    }
}
