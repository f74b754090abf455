package io.natscap.nats.ra.inbound;

import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.nats.client.support.NatsJetStreamConstants;
import io.natscap.nats.DeadLetters;
import io.natscap.nats.NatsMessageListener;
import io.natscap.nats.ra.ReceivedMessage;
import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.work.Work;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.UndeclaredThrowableException;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * One message to one bean, on a WorkManager thread: createEndpoint, beforeDelivery, onMessage,
 * afterDelivery, release; meanwhile NATS is told that the delivery is in progress (unless the
 * bean turned inProgress off). A JetStream message is acknowledged only when all of that succeeded
 * and the bean's transaction (if any) committed; otherwise it is nak'ed with the spec's retry delay
 * (its back-off list, or one that grows with each delivery), and terminated once maxDeliver
 * deliveries have failed. In an ordered group a failed delivery is not nak'ed but run again in
 * place after the same delay ({@link EndpointActivation#retryInPlace}); those re-runs count as
 * deliveries.
 */
final class MessageDelivery implements Work {

    private static final Logger LOG = Logger.getLogger(MessageDelivery.class.getName());
    static final Method ON_MESSAGE;

    static {
        try {
            ON_MESSAGE = NatsMessageListener.class.getMethod("onMessage", io.natscap.nats.NatsMessage.class);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What became of a JetStream message after a delivery. */
    private enum Settlement { SETTLED, REDELIVERED_BY_NATS, RUN_AGAIN_HERE }

    private final EndpointActivation activation;
    private final Message message;
    /** How often an ordered group has run this message again in place before this delivery. */
    private final int reruns;

    MessageDelivery(EndpointActivation activation, Message message, int reruns) {
        this.activation = activation;
        this.message = message;
        this.reruns = reruns;
    }

    @Override
    public void run() {
        long settled = 0;
        boolean runAgainHere = false;
        InProgressSignal working = message.isJetStream() && activation.spec().inProgressOrDefault()
                ? InProgressSignal.start(activation.timer(), message, activation.spec().shortestAckWait()) : null;
        try {
            Throwable failure;
            try {
                failure = deliver();
            } finally {
                if (working != null) {
                    working.cancel(); // before the ack or nak below
                }
            }
            if (message.isJetStream()) {
                Settlement settlement = settle(failure);
                settled = settlement == Settlement.SETTLED ? message.metaData().streamSequence() : 0;
                runAgainHere = settlement == Settlement.RUN_AGAIN_HERE;
            } else if (failure != null) {
                LOG.warning(() -> "Message-driven bean " + activation.bean() + " failed on a core message on '"
                        + message.getSubject() + "' (core messages are not redelivered): " + describe(failure));
            }
        } finally {
            if (!runAgainHere) { // a re-run keeps the slot and the key
                activation.deliveryDone(message, settled);
            }
        }
    }

    /** Runs the bean; the failure that makes the delivery count as failed, or null. */
    private Throwable deliver() {
        MessageEndpoint endpoint;
        try {
            endpoint = activation.factory().createEndpoint(null);
        } catch (UnavailableException e) {
            return e;
        }
        try {
            endpoint.beforeDelivery(ON_MESSAGE);
        } catch (Throwable e) {
            endpoint.release();
            return e;
        }
        Throwable failure = null;
        TransactionOutcome outcome = TransactionOutcome.watch(activation.transactions());
        try {
            ((NatsMessageListener) endpoint).onMessage(ReceivedMessage.of(message,
                    message.isJetStream() ? activation.spec().maxDeliverOrDefault() : 0, activation.spec().capGroup(), reruns));
        } catch (Throwable e) {
            failure = e;
        }
        try {
            endpoint.afterDelivery();
        } catch (Throwable e) {
            failure = failure == null ? e : failure;
        } finally {
            endpoint.release();
        }
        String notCommitted = outcome.notCommitted();
        if (failure == null && notCommitted != null) {
            failure = new IllegalStateException(notCommitted);
        }
        return failure;
    }

    /** Acks, terms, naks or runs the message again; SETTLED when it is settled for good (acked or terminated). */
    private Settlement settle(Throwable failure) {
        if (failure == null) {
            message.ack();
            return Settlement.SETTLED;
        }
        long delivery = message.metaData().deliveredCount() + reruns;
        int maxDeliver = activation.spec().maxDeliverOrDefault();
        String where = "'" + message.getSubject() + "' (stream " + message.metaData().getStream()
                + ", sequence " + message.metaData().streamSequence() + ")";
        if (delivery >= maxDeliver && activation.spec().deadLettersOn()) {
            return deadLetter(failure, where, delivery) ? Settlement.SETTLED : Settlement.REDELIVERED_BY_NATS;
        }
        if (delivery >= maxDeliver) {
            message.term();
            LOG.warning(() -> "Giving up on message " + where + " for " + activation.bean() + " after " + delivery
                    + " failed deliveries (maxDeliver " + maxDeliver + "): " + describe(failure));
            return Settlement.SETTLED;
        }
        Duration delay = activation.spec().retryDelay(delivery);
        if (activation.spec().ordered()) {
            activation.retryInPlace(message, reruns + 1, delay);
            LOG.warning(() -> "Message-driven bean " + activation.bean() + " failed on message " + where + ", delivery "
                    + delivery + " of " + maxDeliver + "; running it again in " + delay.toMillis()
                    + " ms, before the later messages of its key: " + describe(failure));
            return Settlement.RUN_AGAIN_HERE;
        }
        message.nakWithDelay(delay);
        LOG.warning(() -> "Message-driven bean " + activation.bean() + " failed on message " + where + ", delivery "
                + delivery + " of " + maxDeliver + "; redelivering in " + delay.toMillis() + " ms: " + describe(failure));
        return Settlement.REDELIVERED_BY_NATS;
    }

    /**
     * The last delivery failed: the message goes to the dead-letter subject with its reason, and is
     * acknowledged once stored there. If it cannot be stored it stays unacknowledged: NATS delivers
     * it no more (maxDeliver), and the stream keeps it.
     */
    private boolean deadLetter(Throwable failure, String where, long delivery) {
        String subject = activation.spec().deadLetterSubjectFor(message.getSubject());
        Headers headers = message.getHeaders() == null ? new Headers() : new Headers(message.getHeaders());
        headers.remove(NatsJetStreamConstants.MSG_ID_HDR); // the original's id would make the stream drop the dead letter as a duplicate
        headers.put(DeadLetters.REASON, describe(failure));
        headers.put(DeadLetters.SUBJECT, message.getSubject());
        headers.put(DeadLetters.STREAM, message.metaData().getStream());
        headers.put(DeadLetters.SEQUENCE, Long.toString(message.metaData().streamSequence()));
        headers.put(DeadLetters.DURABLE, message.metaData().getConsumer());
        headers.put(DeadLetters.DELIVERIES, Long.toString(delivery));
        Message letter = NatsMessage.builder().subject(subject).headers(headers).data(message.getData()).build();
        try {
            activation.publishDeadLetter(letter, "dead-letter:" + message.metaData().getStream() + ":"
                    + message.metaData().streamSequence());
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            LOG.severe(() -> "Message " + where + " failed its last delivery (" + delivery + ") to " + activation.bean()
                    + " and could not be moved to the dead-letter subject '" + subject + "': " + e
                    + "; it stays unacknowledged in the stream: " + describe(failure));
            return false;
        }
        message.ack();
        LOG.warning(() -> "Moved message " + where + " to the dead-letter subject '" + subject + "' after " + delivery
                + " failed deliveries to " + activation.bean() + ": " + describe(failure));
        return true;
    }

    /** The bean's own exception, unwrapped from the container's and the proxy's wrappers. */
    private static String describe(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof UndeclaredThrowableException || cause instanceof InvocationTargetException
                || cause.getClass().getName().equals("jakarta.ejb.EJBException")) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getName() + ": " + cause.getMessage();
    }

    @Override
    public void release() {
        // nothing to interrupt: a delivery ends when the bean returns
    }
}
