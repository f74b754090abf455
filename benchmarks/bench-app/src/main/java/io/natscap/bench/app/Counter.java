package io.natscap.bench.app;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a consuming bean has processed, and when the last one was: message-driven beans are
 * pooled instances, so their counts live here, one counter per bean.
 */
public final class Counter {

    public static final Counter OUTBOX_SUBSCRIBER = new Counter();
    public static final Counter NAIVE_SUBSCRIBER = new Counter();
    public static final Counter GATED_CONSUMER = new Counter();
    public static final Counter GATED_CONSUMER_BATCH_100 = new Counter();
    public static final Counter GATED_CAP_SUBSCRIBER_1 = new Counter();
    public static final Counter GATED_CAP_SUBSCRIBER_2 = new Counter();
    public static final Counter GATED_CAP_SUBSCRIBER_4 = new Counter();
    public static final Counter GATED_CAP_SUBSCRIBER_8 = new Counter();

    private final AtomicLong count = new AtomicLong();
    private volatile long lastNanos;

    public void increment() {
        count.incrementAndGet();
        lastNanos = System.nanoTime();
    }

    public long count() {
        return count.get();
    }

    public long lastNanos() {
        return lastNanos;
    }

    public void reset() {
        count.set(0);
        lastNanos = 0;
    }

    /** Waits until the count reaches {@code target}; false when {@code limit} passed first. */
    public boolean awaitCount(long target, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (count.get() < target) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(2);
        }
        return true;
    }
}
