package io.natscap.cap.processors;

import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one processor pass each time the scheduler calls it, and is the one place that catches,
 * logs and waits: a pass that fails is logged with the processor's name and the loop runs again
 * after its interval (a scheduled task that threw would never run again). It remembers when a
 * pass last ended, for a liveness check.
 */
public final class ProcessorLoop implements Runnable {

    /** One pass of a processor's job. */
    @FunctionalInterface
    public interface Processor {
        void process() throws Exception;
    }

    private static final Logger LOG = Logger.getLogger(ProcessorLoop.class.getName());

    private final String name;
    private final Duration interval;
    private final Processor processor;
    private volatile Instant lastPassEnded = Instant.now();
    private volatile boolean lastPassFailed;

    public ProcessorLoop(String name, Duration interval, Processor processor) {
        this.name = name;
        this.interval = interval;
        this.processor = processor;
    }

    @Override
    public void run() {
        try {
            processor.process();
            if (lastPassFailed) {
                LOG.info(() -> "The " + name + " works again");
            }
            lastPassFailed = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception | LinkageError | AssertionError e) {
            lastPassFailed = true;
            LOG.log(Level.WARNING, "The " + name + " failed; it runs again in " + interval.toSeconds() + " s", e);
        } finally {
            lastPassEnded = Instant.now();
        }
    }

    public String name() {
        return name;
    }

    public Duration interval() {
        return interval;
    }

    /** When a pass last ended, successful or not. */
    public Instant lastPassEnded() {
        return lastPassEnded;
    }

    public boolean lastPassFailed() {
        return lastPassFailed;
    }
}
