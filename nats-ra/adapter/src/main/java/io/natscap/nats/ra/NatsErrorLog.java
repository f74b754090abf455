package io.natscap.nats.ra;

import io.nats.client.Connection;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.support.Status;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * jnats' error callbacks, every one of them, through java.util.logging with the connection's
 * secrets removed: the one listener of pooled (outbound) and message-driven bean (inbound)
 * connections, so that nothing the client reports is silent. Failed reconnect attempts are
 * logged at FINE (the connection listeners log the change of state once); everything that
 * means lost or stuck messages at WARNING.
 *
 * <p>Problems of a JetStream consumer (pull status errors and warnings, unhandled statuses,
 * missed heartbeats: what a consumer deleted on the server looks like to the client) are also
 * handed to {@code consumerTrouble}, which the inbound side uses to check the durable and
 * re-create it.
 */
public final class NatsErrorLog implements ErrorListener {

    private static final Logger LOG = Logger.getLogger(NatsErrorLog.class.getName());

    private final String owner;
    private final ConnectionSettings settings;
    private final Runnable consumerTrouble;

    /**
     * @param owner           what the connection serves, for the log: "NATS connection 'x'",
     *                        "message-driven bean y"
     * @param consumerTrouble runs (on jnats' callback thread: it must not block) when a
     *                        JetStream consumer reports trouble
     */
    public NatsErrorLog(String owner, ConnectionSettings settings, Runnable consumerTrouble) {
        this.owner = owner;
        this.settings = settings;
        this.consumerTrouble = consumerTrouble;
    }

    public NatsErrorLog(String owner, ConnectionSettings settings) {
        this(owner, settings, () -> { });
    }

    @Override
    public void errorOccurred(Connection conn, String error) {
        LOG.warning(() -> "NATS server error for " + owner + ": " + settings.redact(error));
    }

    @Override
    public void exceptionOccurred(Connection conn, Exception exp) {
        // Called for every failed reconnect attempt: detail level then, the state change is logged once.
        boolean connected = conn != null && conn.getStatus() == Connection.Status.CONNECTED;
        LOG.log(connected ? Level.WARNING : Level.FINE, () -> "NATS client exception for " + owner + ": "
                + settings.redact(String.valueOf(exp)));
    }

    @Override
    public void slowConsumerDetected(Connection conn, Consumer consumer) {
        LOG.warning(() -> "Slow consumer on " + owner + ": the client's pending limit was reached and messages are "
                + "dropped (" + consumer.getPendingMessageCount() + " pending, " + consumer.getDroppedCount()
                + " dropped so far)");
    }

    @Override
    public void messageDiscarded(Connection conn, Message message) {
        LOG.warning(() -> "A message on '" + message.getSubject() + "' was discarded by the client for " + owner
                + " (reconnect buffer full, or the connection closing)");
    }

    @Override
    public void heartbeatAlarm(Connection conn, JetStreamSubscription sub, long lastStreamSequence, long lastConsumerSequence) {
        LOG.warning(() -> "No heartbeat from the server for the JetStream consumer of " + owner + " (last stream sequence "
                + lastStreamSequence + ", consumer sequence " + lastConsumerSequence
                + "): the server is unreachable or the consumer no longer exists");
        consumerTrouble.run();
    }

    @Override
    public void unhandledStatus(Connection conn, JetStreamSubscription sub, Status status) {
        LOG.warning(() -> "Unexpected JetStream status for " + owner + ": " + describe(status));
        consumerTrouble.run();
    }

    @Override
    public void pullStatusWarning(Connection conn, JetStreamSubscription sub, Status status) {
        LOG.warning(() -> "JetStream pull warning for " + owner + ": " + describe(status));
        consumerTrouble.run();
    }

    @Override
    public void pullStatusError(Connection conn, JetStreamSubscription sub, Status status) {
        LOG.warning(() -> "JetStream pull error for " + owner + ": " + describe(status));
        consumerTrouble.run();
    }

    @Override
    public void flowControlProcessed(Connection conn, JetStreamSubscription sub, String subject, FlowControlSource source) {
        LOG.fine(() -> "JetStream flow control for " + owner + " (" + source + ")");
    }

    @Override
    public void socketWriteTimeout(Connection conn) {
        LOG.warning(() -> "Writing to the NATS server timed out for " + owner + "; the connection is being re-established");
    }

    private String describe(Status status) {
        return status.getCode() + " " + settings.redact(status.getMessage());
    }
}
