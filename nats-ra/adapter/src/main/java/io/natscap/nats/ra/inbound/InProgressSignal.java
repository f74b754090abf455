package io.natscap.nats.ra.inbound;

import io.nats.client.Message;

import java.time.Duration;
import java.util.Timer;
import java.util.TimerTask;
import java.util.logging.Logger;

/**
 * While a bean runs on a JetStream message, tells NATS every so often that the delivery is in
 * progress: the server restarts its ack wait, so a bean that runs longer than the ack wait is not
 * delivered again (to this or another instance) while it still works on the message.
 */
final class InProgressSignal extends TimerTask {

    private static final Logger LOG = Logger.getLogger(InProgressSignal.class.getName());
    /** Signals are cheap and the ack wait is what they must beat: three per ack wait leave room for a late one. */
    private static final int SIGNALS_PER_ACK_WAIT = 3;
    private static final long SHORTEST_PERIOD_MILLIS = 100;

    private final Message message;

    private InProgressSignal(Message message) {
        this.message = message;
    }

    /** Starts signalling on {@code timer} for a message whose shortest ack wait is {@code ackWait}; cancel it when done. */
    static InProgressSignal start(Timer timer, Message message, Duration ackWait) {
        InProgressSignal signal = new InProgressSignal(message);
        long period = Math.max(SHORTEST_PERIOD_MILLIS, ackWait.toMillis() / SIGNALS_PER_ACK_WAIT);
        try {
            timer.schedule(signal, period, period);
        } catch (IllegalStateException cancelled) {
            // the bean is being deactivated and its timer is gone: the delivery runs without signals
            LOG.fine(() -> "No in-progress signals for a delivery on '" + message.getSubject() + "': the bean is stopping");
        }
        return signal;
    }

    @Override
    public void run() {
        try {
            message.inProgress();
        } catch (RuntimeException e) {
            // the connection is down: the next signal goes out once it is back (the ack wait may run out meanwhile)
            LOG.fine(() -> "In-progress signal for '" + message.getSubject() + "' not sent: " + e);
        }
    }
}
