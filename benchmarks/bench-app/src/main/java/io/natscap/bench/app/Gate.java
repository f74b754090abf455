package io.natscap.bench.app;

import java.util.concurrent.CountDownLatch;

/**
 * Holds the consumption case's message-driven bean until its backlog is in the stream, so that
 * it is measured consuming, not waiting for a publisher.
 */
public final class Gate {

    /** Counted down when the gate opens; replaced by a new one when it closes again. */
    private static volatile CountDownLatch opened = new CountDownLatch(1);

    private Gate() {
    }

    public static void open() {
        opened.countDown();
    }

    public static synchronized void close() {
        if (opened.getCount() == 0) {
            opened = new CountDownLatch(1);
        }
    }

    public static void pass() throws InterruptedException {
        opened.await();
    }
}
