package io.natscap.cap.inbox;

import io.natscap.cap.CapContext;
import io.natscap.cap.CapHeaders;
import io.natscap.cap.CapSubscriber;
import io.natscap.cap.CapTracing;
import io.natscap.cap.MessageStatus;
import io.natscap.cap.RetriesExhausted;
import io.natscap.cap.config.CapOptions;
import io.natscap.cap.diagnostics.Observers;
import io.natscap.cap.diagnostics.Tracing;
import io.natscap.cap.messages.CapMessage;
import io.natscap.cap.messages.InboundMessage;
import io.natscap.cap.messages.MessageFactory;
import io.natscap.cap.outbox.Outbox;
import io.natscap.cap.storage.ReceivedRow;
import io.natscap.cap.storage.ReceivedStore;
import io.natscap.nats.NatsMessage;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;

import java.lang.reflect.Type;
import java.sql.SQLException;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * Runs a CAP subscriber's business method once per message id and group. All in the subscriber's
 * transaction, one commit: a plain read of the message's inbox row (a Succeeded one means done),
 * the business method, then the row becomes Succeeded (inserted if new; if another delivery got
 * there first, this one rolls back), then the callback goes into the outbox. Only a failure is
 * written in a transaction of its own ({@link InboxRecorder}), so that the attempt count outlives
 * the rollback.
 */
@Stateless
public class Inbox implements CapSubscriber.Inbox {

    private static final Logger LOG = Logger.getLogger(Inbox.class.getName());
    private static final Jsonb JSONB = JsonbBuilder.create();

    @Inject
    private ReceivedStore received;

    @Inject
    private CapOptions options;

    @Inject
    private MessageFactory messages;

    @Inject
    private Outbox outbox;

    @EJB
    private InboxRecorder recorder;

    @Inject
    private Event<RetriesExhausted> exhausted;

    @Inject
    private Observers observers;

    @Inject
    private Tracing tracing;

    /** For the container. */
    public Inbox() {
    }

    /** Outside a container (tests): the collaborators the container would inject. */
    Inbox(ReceivedStore received, CapOptions options, MessageFactory messages, Outbox outbox, InboxRecorder recorder,
          Observers observers, Tracing tracing) {
        this.received = received;
        this.options = options;
        this.messages = messages;
        this.outbox = outbox;
        this.recorder = recorder;
        this.observers = observers;
        this.tracing = tracing;
    }

    @Override
    public void receive(NatsMessage message, Type valueType, Handler handler) {
        InboundMessage inbound = read(message, handler);
        String group = message.group() == null ? options.defaultGroup() : message.group();
        String reExecuteFor = inbound.headers().get(CapHeaders.RE_EXECUTE_GROUP);
        if (reExecuteFor != null && !reExecuteFor.equals(group)) {
            return; // an operator re-executes this message in another group
        }
        if (inbound.problem() != null) {
            recorder.rejected(inbound, group, inbound.problem());
            return; // acknowledged: redelivering it would change nothing
        }
        ReceivedRow row = find(inbound, group);
        int limit = attemptsAllowed(message);
        if (row != null && row.status() == MessageStatus.Succeeded) {
            LOG.fine(() -> "Message " + inbound.messageId() + " already processed by group " + group + ": skipped");
            return;
        }
        if (row != null && row.status() == MessageStatus.Failed && row.retries() >= limit) {
            return; // given up earlier
        }
        Object value;
        try {
            value = JSONB.fromJson(inbound.json(), valueType);
        } catch (JsonbException | IllegalArgumentException | ClassCastException e) {
            recorder.rejected(inbound, group, "the body cannot be bound to " + valueType.getTypeName() + ": " + e.getMessage());
            return;
        }
        CapContext context = new CapContext(inbound.messageId(), inbound.name(), group,
                inbound.headers().get(CapHeaders.CORRELATION_ID), inbound.correlationSequence(),
                inbound.headers().get(CapHeaders.CALLBACK_NAME), inbound.headers(), message.deliveryCount());
        CapTracing.Delivery span = tracing.delivering(inbound.name(), group, inbound.messageId(),
                inbound.headers().get(CapHeaders.TRACE_PARENT), message.deliveryCount());
        try {
            run(handler, value, context, inbound, group, row, limit);
        } catch (RuntimeException e) {
            span.failed(e);
            throw e;
        } finally {
            span.close();
        }
    }

    /** What earlier deliveries left of the message in the group, or null. */
    private ReceivedRow find(InboundMessage inbound, String group) {
        try {
            return received.find(inbound.messageId(), group).orElse(null);
        } catch (SQLException e) {
            throw new EJBException("Cannot read the inbox row of received message " + inbound.messageId() + ": " + e.getMessage(), e);
        }
    }

    /** The message as the inbox reads it, with the subscriber's custom headers; one whose headers cannot be built is a problem. */
    private static InboundMessage read(NatsMessage message, Handler handler) {
        try {
            return InboundMessage.read(message, handler.customHeaders(message));
        } catch (RuntimeException e) {
            return InboundMessage.read(message).withProblem("customHeaders failed: " + e);
        }
    }

    /** The business method, then Succeeded and the callback; or the failure recorded. Inside the delivery's span. */
    private void run(Handler handler, Object value, CapContext context, InboundMessage inbound, String group, ReceivedRow row,
                     int limit) {
        Object answer;
        try {
            answer = handler.handle(value, context);
        } catch (Exception e) {
            int retries = (row == null ? 0 : row.retries()) + 1;
            boolean givenUp = retries >= limit;
            if (recorder.failed(inbound, group, e, retries, givenUp)) {
                observers.received(inbound.name(), group);
            }
            observers.subscriberFailed(inbound.name(), group, givenUp);
            if (givenUp) {
                LOG.warning(() -> "Group " + group + " gave up on message " + inbound.messageId() + " ('" + inbound.name()
                        + "') after " + retries + " attempts: " + e);
                fireExhausted(new RetriesExhausted(inbound.messageId(), inbound.name(), retries,
                        e.getClass().getName() + "-->" + e.getMessage()));
            }
            throw new SubscriberFailedException("Group " + group + " failed on message " + inbound.messageId()
                    + " ('" + inbound.name() + "'), attempt " + retries + " of " + limit + ": " + e, e);
        }
        try {
            // kept for the inbox's own retention: within it, a redelivery or replay of this id is skipped
            ReceivedStore.Succeeded done = received.succeed(row != null, messages.nextId(), inbound.messageId(), inbound.name(),
                    group, inbound.content(), Instant.now().plus(options.inboxRetention()));
            if (done == ReceivedStore.Succeeded.ALREADY) {
                // another delivery of the same id succeeded meanwhile: undo this one's work
                throw new SubscriberFailedException("Message " + inbound.messageId() + " was processed by another delivery "
                        + "in group " + group + " at the same time; rolling this one back", null);
            }
            if (done == ReceivedStore.Succeeded.INSERTED) {
                observers.received(inbound.name(), group);
            }
            String callback = context.callbackName();
            if (callback != null && !callback.isEmpty() && answer != null) {
                CapMessage reply = messages.createCallback(callback, answer, context.correlationId(),
                        context.correlationSequence() + 1);
                outbox.store(reply, null);
            }
            observers.succeeded(inbound.name(), group, inbound.headers().get(CapHeaders.SENT_TIME));
        } catch (SQLException e) {
            throw new EJBException("Cannot mark received message " + inbound.messageId() + " Succeeded: " + e.getMessage(), e);
        }
    }

    private void fireExhausted(RetriesExhausted event) {
        if (exhausted != null) {
            exhausted.fire(event);
        }
    }

    /** CAP's retry count, bounded by the deliveries the consumer allows; a core message gets one. */
    private int attemptsAllowed(NatsMessage message) {
        int capRetries = options.failedRetryCount();
        if (!message.isJetStream()) {
            return 1;
        }
        return message.maxDeliver() > 0 ? (int) Math.min(capRetries, message.maxDeliver()) : capRetries;
    }
}
