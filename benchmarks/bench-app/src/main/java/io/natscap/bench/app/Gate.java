package io.natscap.bench.app;

/**
 * Holds the consumption case's message-driven bean until its backlog is in the stream, so that
 * it is measured consuming, not waiting for a publisher.
 */
public final class Gate {

    private static final Object LOCK = new Object();
    private static volatile boolean open;

    private Gate() {
    }

    public static void open() {
        synchronized (LOCK) {
            open = true;
            LOCK.notifyAll();
        }
    }

    public static void close() {
        synchronized (LOCK) {
            open = false;
        }
    }

    public static void pass() throws InterruptedException {
        if (open) {
            return;
        }
        synchronized (LOCK) {
            while (!open) {
                LOCK.wait();
            }
        }
    }
}
