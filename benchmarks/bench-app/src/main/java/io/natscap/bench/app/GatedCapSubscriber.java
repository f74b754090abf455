package io.natscap.bench.app;

import io.natscap.cap.CapContext;
import io.natscap.cap.CapSubscriber;

/**
 * Cases 3b and 3c: a CAP subscriber (inbox included) whose business method writes one row, in the
 * bean's transaction, as {@link Scenarios#consume}'s hand-written consumer does in its
 * UserTransaction. It waits at the {@link Gate} while its backlog is published. One bean per
 * {@code concurrency} measured, each on a subject of its own: the property is fixed at deployment.
 */
public abstract class GatedCapSubscriber extends CapSubscriber<BenchEvent> {

    @jakarta.ejb.EJB
    private Transactions transactions;

    /** The counter of this bean's subject. */
    protected abstract Counter counter();

    @Override
    protected Object handle(BenchEvent event, CapContext context) throws Exception {
        Gate.pass();
        transactions.insertConsumed(Long.toString(context.messageId()), event);
        counter().increment();
        return null;
    }
}
