package io.natscap.bench.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * N callers, each on a container thread of its own, calling one operation in a loop until the
 * window ends: how many calls completed, how many threw, and the first failure's message.
 */
final class Callers {

    /** One call; {@code sequence} is unique across callers and runs. */
    @FunctionalInterface
    interface Call {
        void run(long sequence) throws Exception;
    }

    record Outcome(long completed, long errors, String firstError, long nanos) {
    }

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private Callers() {
    }

    static long nextSequence() {
        return SEQUENCE.incrementAndGet();
    }

    static Outcome run(ThreadFactory threads, int callers, Duration window, Call call) throws InterruptedException {
        AtomicLong completed = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        long start = System.nanoTime();
        long deadline = start + window.toNanos();
        List<Thread> running = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            Thread thread = threads.newThread(() -> {
                while (System.nanoTime() < deadline) {
                    try {
                        call.run(nextSequence());
                        completed.incrementAndGet();
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, e.getClass().getName() + ": " + e.getMessage());
                    }
                }
            });
            thread.start();
            running.add(thread);
        }
        for (Thread thread : running) {
            thread.join();
        }
        return new Outcome(completed.get(), errors.get(), firstError.get(), System.nanoTime() - start);
    }
}
