package io.natscap.nats.ra.inbound;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Learns whether the container transaction around a bean's delivery committed. A message is
 * acknowledged only on a known commit: when the registry cannot tell (it failed), the outcome is
 * unknown and the message is nak'ed, since a redelivery is safe and a loss is not.
 */
final class TransactionOutcome implements Synchronization {

    /** No transaction around the delivery: the bean's exception alone decides. */
    private static final TransactionOutcome NONE = new TransactionOutcome(Status.STATUS_COMMITTED, null);

    private volatile int status;
    private final String unknownBecause;

    private TransactionOutcome(int status, String unknownBecause) {
        this.status = status;
        this.unknownBecause = unknownBecause;
    }

    /** Called before the bean runs, inside the transaction the container began for it (if any). */
    static TransactionOutcome watch(TransactionSynchronizationRegistry registry) {
        if (registry == null) {
            return NONE; // the container offers none: deliveries are not transacted
        }
        try {
            if (registry.getTransactionKey() == null) {
                return NONE;
            }
            TransactionOutcome outcome = new TransactionOutcome(Status.STATUS_UNKNOWN, null);
            registry.registerInterposedSynchronization(outcome);
            return outcome;
        } catch (RuntimeException e) {
            return new TransactionOutcome(Status.STATUS_UNKNOWN, "the transaction registry failed (" + e + ")");
        }
    }

    @Override
    public void beforeCompletion() {
    }

    @Override
    public void afterCompletion(int status) {
        this.status = status;
    }

    /** Why the delivery must count as failed although the bean returned, or null when it committed. */
    String notCommitted() {
        if (unknownBecause != null) {
            return "the outcome of the bean's transaction is unknown: " + unknownBecause;
        }
        return switch (status) {
            case Status.STATUS_COMMITTED -> null;
            case Status.STATUS_ROLLEDBACK -> "the bean's transaction was rolled back";
            default -> "the bean's transaction did not report a commit (status " + status + ")";
        };
    }
}
