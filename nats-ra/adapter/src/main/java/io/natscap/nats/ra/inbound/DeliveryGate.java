package io.natscap.nats.ra.inbound;

import io.nats.client.Message;
import io.nats.client.MessageHandler;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Between jnats and the container: hands each message to the WorkManager as one delivery, at most
 * {@code concurrency} at a time. jnats' dispatch thread waits for a free slot, so that fetched
 * messages do not pile up in the container's queue while their ack wait runs.
 */
final class DeliveryGate implements MessageHandler {

    private static final Logger LOG = Logger.getLogger(DeliveryGate.class.getName());

    private final String bean;
    private final int concurrency;
    private final Semaphore slots;
    private final WorkManager workManager;
    private final Function<Message, Work> deliveries;
    private volatile boolean closed;

    DeliveryGate(String bean, int concurrency, WorkManager workManager, Function<Message, Work> deliveries) {
        this.bean = bean;
        this.concurrency = concurrency;
        this.slots = new Semaphore(concurrency);
        this.workManager = workManager;
        this.deliveries = deliveries;
    }

    /** On jnats' thread: waits for a free delivery slot, then hands the message to the WorkManager. */
    @Override
    public void onMessage(Message message) throws InterruptedException {
        submit(message);
    }

    /** As {@link #onMessage}; true when the message went to the WorkManager (else it was given back). */
    boolean submit(Message message) throws InterruptedException {
        while (!slots.tryAcquire(200, TimeUnit.MILLISECONDS)) {
            if (closed) {
                giveBack(message);
                return false;
            }
        }
        return handOver(message);
    }

    /**
     * Runs the message in a slot already held (taken by {@link #submit}, or passed on by a delivery
     * that ended: an ordered group's next message of the same key). True when the WorkManager took
     * it; otherwise the slot is free again and the message given back.
     */
    boolean handOver(Message message) {
        return handOver(message, deliveries.apply(message));
    }

    /** As {@link #handOver(Message)}, with the delivery already made (a run again in place). */
    boolean handOver(Message message, Work delivery) {
        if (closed) {
            slots.release();
            giveBack(message);
            return false;
        }
        try {
            workManager.scheduleWork(delivery);
            return true;
        } catch (WorkException | RuntimeException e) {
            slots.release();
            LOG.log(Level.WARNING, "The WorkManager refused a delivery to " + bean + "; the message goes back", e);
            if (message.isJetStream()) {
                message.nakWithDelay(Duration.ofSeconds(1));
            }
            return false;
        }
    }

    /** Not delivered because the endpoint is stopping: another instance may take it at once. */
    static void giveBack(Message message) {
        if (message.isJetStream()) {
            message.nak();
        }
    }

    /** A delivery has ended (settled or not): its slot is free. */
    void done() {
        slots.release();
    }

    /** Takes no more messages; waits at most {@code limit} for the deliveries in flight. True when none is left. */
    boolean close(Duration limit) {
        closed = true;
        try {
            if (slots.tryAcquire(concurrency, limit.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }
}
