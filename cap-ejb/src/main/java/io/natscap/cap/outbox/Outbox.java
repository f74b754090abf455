package io.natscap.cap.outbox;

import io.natscap.cap.CapPublishException;
import io.natscap.cap.messages.CapMessage;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores a message in the current transaction and has it sent once that transaction commits
 * (a delayed one waits for its time instead). Nothing is sent after a rollback. Outside a
 * transaction the row commits on its own and the message is sent at once.
 */
public final class Outbox {

    private final OutboxWriter writer;
    private final OutboxDispatcher dispatcher;
    private final TransactionSynchronizationRegistry transactions;
    /** Key of a transaction's to-be-sent messages in the synchronization registry. */
    private final Object pendingKey = new Object();

    public Outbox(OutboxWriter writer, OutboxDispatcher dispatcher, TransactionSynchronizationRegistry transactions) {
        this.writer = writer;
        this.dispatcher = dispatcher;
        this.transactions = transactions;
    }

    public void store(CapMessage message, Duration delay) throws SQLException {
        try {
            if (writer.write(message, delay)) {
                sendAfterCommit(message);
            }
        } catch (SQLException e) {
            // SQL's integrity-violation class: natscap's own ids are unique, so a caller supplied this one twice
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                throw new CapPublishException("Event '" + message.name() + "' has cap-msg-id " + message.id()
                        + ", which the outbox already holds: a caller's cap-msg-id must be unique", e);
            }
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    private void sendAfterCommit(CapMessage message) {
        if (transactions == null || transactions.getTransactionKey() == null) {
            dispatcher.dispatchLater(List.of(message));
            return;
        }
        List<CapMessage> pending = (List<CapMessage>) transactions.getResource(pendingKey);
        if (pending == null) {
            List<CapMessage> committed = new ArrayList<>();
            transactions.putResource(pendingKey, committed);
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        dispatcher.dispatchLater(committed);
                    }
                }
            });
            pending = committed;
        }
        pending.add(message);
    }
}
