package io.natscap.cap.inbox;

import io.natscap.cap.CapHeaders;
import io.natscap.cap.MessageStatus;
import io.natscap.cap.config.CapOptions;
import io.natscap.cap.messages.InboundMessage;
import io.natscap.cap.messages.MessageFactory;
import io.natscap.cap.storage.ReceivedRow;
import io.natscap.cap.storage.ReceivedStore;
import jakarta.ejb.EJBException;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The inbox writes that must outlive the subscriber's transaction, which a failure rolls back (the
 * attempt count, a message that cannot be processed): each runs in a transaction of its own. The
 * happy path writes nothing here.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class InboxRecorder {

    private static final Logger LOG = Logger.getLogger(InboxRecorder.class.getName());

    @Inject
    private ReceivedStore received;

    @Inject
    private CapOptions options;

    @Inject
    private MessageFactory messages;

    /** For the container. */
    public InboxRecorder() {
    }

    /** Outside a container (tests): each call commits on its own, as in the transaction of its own here. */
    InboxRecorder(ReceivedStore received, CapOptions options, MessageFactory messages) {
        this.received = received;
        this.options = options;
        this.messages = messages;
    }

    /** A message that cannot be processed at all: stored as Failed with the reason, never retried. */
    public void rejected(InboundMessage message, String group, String reason) {
        LOG.warning(() -> "Message " + message.messageId() + " on '" + message.name() + "' for group " + group
                + " cannot be processed and is stored as Failed: " + reason);
        try {
            Instant expires = Instant.now().plus(options.failedMessageExpiredAfter());
            ReceivedRow row = received.admit(messages.nextId(), message.messageId(), message.name(),
                    group, withReason(message, reason), MessageStatus.Failed, expires);
            if (!row.fresh() && row.status() != MessageStatus.Succeeded) {
                received.markFailed(row.id(), row.retries(), withReason(message, reason), expires);
            }
        } catch (SQLException e) {
            throw new EJBException("Cannot store rejected message " + message.messageId() + " in the inbox: " + e.getMessage(), e);
        }
    }

    /**
     * A failed attempt, the {@code retries}-th: the message's row (made if it has none yet) is
     * Failed with the exception. {@code givenUp}: the last one, the row expires like CAP's failed
     * messages. The subscriber's transaction wrote nothing to the row (it only read it), so this
     * never waits for that transaction, which rolls back. True when the row is new.
     */
    public boolean failed(InboundMessage message, String group, Throwable error, int retries, boolean givenUp) {
        try {
            String content = withReason(message, error.getClass().getName() + "-->" + error.getMessage());
            Instant expires = givenUp ? Instant.now().plus(options.failedMessageExpiredAfter()) : null;
            ReceivedRow row = received.admit(messages.nextId(), message.messageId(), message.name(), group, content,
                    MessageStatus.Failed, expires);
            received.markFailed(row.id(), retries, content, expires);
            return row.fresh();
        } catch (SQLException e) {
            throw new EJBException("Cannot record the failure of received message " + message.messageId() + ": " + e.getMessage(), e);
        }
    }

    private static String withReason(InboundMessage message, String reason) {
        Map<String, String> headers = new LinkedHashMap<>(message.headers());
        headers.put(CapHeaders.EXCEPTION, reason);
        return new InboundMessage(message.messageId(), message.name(), headers, message.json(), message.problem()).content();
    }
}
