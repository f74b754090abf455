package io.natscap.nats.ra.inbound;

import io.nats.client.Message;
import io.nats.client.MessageHandler;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Timer;

/**
 * An ordered group (activation property {@code orderBy}): the messages of one key run one at a
 * time, in the order the stream delivered them, while other keys run beside them up to the bean's
 * concurrency. A message whose key is busy waits here, told in progress to NATS meanwhile so that
 * its ack wait does not run out; when a delivery of a key ends, its slot passes straight to the
 * key's next message. A failed delivery is run again in place (see
 * {@link EndpointActivation#retryInPlace}) rather than nak'ed, so that the key's later messages
 * do not overtake it. The durable's maxAckPending bounds how many messages wait.
 */
final class OrderedLanes implements MessageHandler {

    private final NatsActivationSpec spec;
    private final DeliveryGate gate;
    private final Timer timer;
    /** The keys with a delivery in flight, each with the messages waiting behind it. */
    private final Map<String, Deque<Waiting>> busy = new HashMap<>();

    private record Waiting(Message message, InProgressSignal signal) {

        void stopSignal() {
            if (signal != null) {
                signal.cancel();
            }
        }
    }

    OrderedLanes(NatsActivationSpec spec, DeliveryGate gate, Timer timer) {
        this.spec = spec;
        this.gate = gate;
        this.timer = timer;
    }

    /** On jnats' thread: runs the message now if its key is free (waiting for a slot), else queues it behind its key. */
    @Override
    public void onMessage(Message message) throws InterruptedException {
        String key = spec.orderKeyOf(message);
        synchronized (this) {
            Deque<Waiting> lane = busy.get(key);
            if (lane != null) {
                lane.add(new Waiting(message, spec.inProgressOrDefault()
                        ? InProgressSignal.start(timer, message, spec.shortestAckWait()) : null));
                return;
            }
            busy.put(key, new ArrayDeque<>());
        }
        if (!gate.submit(message)) {
            giveBackAll(key);
        }
    }

    /** A delivery of {@code message} has ended, its slot still held: the key's next message takes the slot, or it is freed. */
    void ended(Message message) {
        String key = spec.orderKeyOf(message);
        Waiting next;
        synchronized (this) {
            Deque<Waiting> lane = busy.get(key);
            next = lane == null ? null : lane.poll();
            if (next == null) {
                busy.remove(key);
            }
        }
        if (next == null) {
            gate.done();
            return;
        }
        next.stopSignal();
        if (!gate.handOver(next.message())) {
            giveBackAll(key);
        }
    }

    /**
     * The key's deliveries cannot go on (the bean is stopping, or the WorkManager refused one):
     * its waiting messages go back to NATS, which delivers them again in stream order.
     */
    void giveBackAll(String key) {
        Deque<Waiting> lane;
        synchronized (this) {
            lane = busy.remove(key);
        }
        if (lane != null) {
            for (Waiting waiting : lane) {
                waiting.stopSignal();
                DeliveryGate.giveBack(waiting.message());
            }
        }
    }

    /** The key of {@code message}, as the lanes know it. */
    String keyOf(Message message) {
        return spec.orderKeyOf(message);
    }
}
