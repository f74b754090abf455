package io.natscap.nats.ra.inbound;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A message is acknowledged only when the bean's transaction is known to have committed. The
 * registry here stands in for a container whose registry fails: no real container can be made to
 * fail on demand, and the rule under test is what the adapter does then.
 */
class TransactionOutcomeTest {

    @Test
    void anOutcomeTheRegistryCannotTellIsNotACommit() {
        TransactionOutcome outcome = TransactionOutcome.watch(new Registry(true));
        String reason = outcome.notCommitted();
        assertTrue(reason != null && reason.contains("unknown") && reason.contains("registry failed"),
                "the delivery counts as failed (nak), not as committed (ack): " + reason);
    }

    @Test
    void onlyAReportedCommitCounts() {
        Registry registry = new Registry(false);
        TransactionOutcome outcome = TransactionOutcome.watch(registry);
        assertTrue(outcome.notCommitted() != null, "no commit reported yet");
        registry.synchronization.afterCompletion(Status.STATUS_ROLLEDBACK);
        assertEquals("the bean's transaction was rolled back", outcome.notCommitted());
        registry.synchronization.afterCompletion(Status.STATUS_COMMITTED);
        assertNull(outcome.notCommitted());
    }

    @Test
    void withoutATransactionTheBeansOwnOutcomeDecides() {
        assertNull(TransactionOutcome.watch(null).notCommitted());
        Registry none = new Registry(false);
        none.key = null;
        assertNull(TransactionOutcome.watch(none).notCommitted());
    }

    private static final class Registry implements TransactionSynchronizationRegistry {
        private final boolean failing;
        Object key = "tx-1";
        Synchronization synchronization;

        Registry(boolean failing) {
            this.failing = failing;
        }

        @Override
        public Object getTransactionKey() {
            if (failing) {
                throw new IllegalStateException("registry unavailable");
            }
            return key;
        }

        @Override
        public void registerInterposedSynchronization(Synchronization sync) {
            this.synchronization = sync;
        }

        @Override
        public void putResource(Object key, Object value) {
        }

        @Override
        public Object getResource(Object key) {
            return null;
        }

        @Override
        public int getTransactionStatus() {
            return Status.STATUS_ACTIVE;
        }

        @Override
        public void setRollbackOnly() {
        }

        @Override
        public boolean getRollbackOnly() {
            return false;
        }
    }
}
