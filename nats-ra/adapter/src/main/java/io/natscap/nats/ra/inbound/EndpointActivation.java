package io.natscap.nats.ra.inbound;

import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.natscap.nats.NatsAdapterStatus;
import io.natscap.nats.ra.ConnectionSettings;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.WorkManager;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.io.IOException;
import java.time.Duration;
import java.util.Timer;
import java.util.TimerTask;
import java.util.logging.Logger;

/**
 * One active message-driven bean: its {@link Subscription} (connection, consumer, recovery), its
 * {@link DeliveryGate} (concurrency, hand-off to the WorkManager) and what each
 * {@link MessageDelivery} needs from the container.
 */
final class EndpointActivation {

    private static final Logger LOG = Logger.getLogger(EndpointActivation.class.getName());
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(30);

    private final MessageEndpointFactory factory;
    private final NatsActivationSpec spec;
    private final String bean;
    private final TransactionSynchronizationRegistry transactions;
    private final DeliveryGate gate;
    /** An ordered group's lanes, or null. */
    private final OrderedLanes lanes;
    private final Subscription subscription;
    private final Timer timer;

    EndpointActivation(MessageEndpointFactory factory, NatsActivationSpec spec, String bean, String durable,
                       ConnectionSettings settings, WorkManager workManager,
                       TransactionSynchronizationRegistry transactions, Timer timer) {
        this.factory = factory;
        this.spec = spec;
        this.bean = bean;
        this.transactions = transactions;
        this.timer = timer;
        this.gate = new DeliveryGate(bean, spec.getConcurrency(), workManager, message -> new MessageDelivery(this, message, 0));
        this.lanes = spec.ordered() ? new OrderedLanes(spec, gate, timer) : null;
        this.subscription = new Subscription(bean, spec, durable, settings, lanes != null ? lanes : gate, timer);
    }

    void start() {
        subscription.start();
    }

    /** Stops consuming, waits for deliveries in flight, closes the connection and the timer. */
    void stop() {
        subscription.stopConsuming();
        if (!gate.close(DRAIN_LIMIT)) {
            LOG.warning(() -> "Deliveries to " + bean + " still running after " + DRAIN_LIMIT.toSeconds()
                    + " s; closing the connection anyway (their messages will be redelivered)");
        }
        subscription.close();
        LOG.info(() -> "Message-driven bean " + bean + " no longer consumes '" + spec.subscribedSubject() + "'");
    }

    /** A delivery of {@code message} has ended; {@code settledSequence} is the stream sequence it acked or terminated, or 0. */
    void deliveryDone(Message message, long settledSequence) {
        if (settledSequence > 0) {
            subscription.settled(settledSequence);
        }
        if (lanes != null) {
            lanes.ended(message);
        } else {
            gate.done();
        }
    }

    /**
     * An ordered group's failed delivery runs again here after {@code delay}, in the slot it holds,
     * instead of being nak'ed: a redelivery by NATS would come after the key's later messages. NATS
     * is told meanwhile that the message is in progress.
     */
    void retryInPlace(Message message, int reruns, Duration delay) {
        InProgressSignal waiting = spec.inProgressOrDefault() ? InProgressSignal.start(timer, message, spec.shortestAckWait()) : null;
        TimerTask rerun = new TimerTask() {
            @Override
            public void run() {
                if (waiting != null) {
                    waiting.cancel();
                }
                if (!gate.handOver(message, new MessageDelivery(EndpointActivation.this, message, reruns))) {
                    lanes.giveBackAll(lanes.keyOf(message));
                }
            }
        };
        try {
            timer.schedule(rerun, delay.toMillis());
        } catch (IllegalStateException stopping) {
            if (waiting != null) {
                waiting.cancel();
            }
            DeliveryGate.giveBack(message);
            deliveryDone(message, 0);
        }
    }

    /** See {@link Subscription#publishDeadLetter}. */
    void publishDeadLetter(Message letter, String messageId) throws IOException, JetStreamApiException {
        subscription.publishDeadLetter(letter, messageId);
    }

    NatsAdapterStatus.Endpoint status() {
        return subscription.status();
    }

    MessageEndpointFactory factory() {
        return factory;
    }

    NatsActivationSpec spec() {
        return spec;
    }

    String bean() {
        return bean;
    }

    /** The bean's timer (one thread): recovery, and the in-progress signals of its deliveries. */
    Timer timer() {
        return timer;
    }

    TransactionSynchronizationRegistry transactions() {
        return transactions;
    }
}
