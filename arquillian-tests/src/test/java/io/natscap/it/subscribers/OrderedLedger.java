package io.natscap.it.subscribers;

import io.natscap.cap.CapContext;
import io.natscap.cap.CapSubscriber;
import io.natscap.nats.NatsMessageListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An ordered group: ledger entries {@code "<account>:<n>"} on {@code itsub.ledger.<account>}, one
 * at a time per account (the subject's last token), four accounts at a time. Records each entry it
 * booked ("ledger"), and every time two entries of one account ran at once ("ledger-overlap"). The
 * first attempt at acct-3's 10th entry fails: it must be booked before acct-3's 11th all the same.
 */
@MessageDriven(messageListenerInterface = NatsMessageListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "subject", propertyValue = "itsub.ledger.*"),
        @ActivationConfigProperty(propertyName = "stream", propertyValue = "itsub"),
        @ActivationConfigProperty(propertyName = "group", propertyValue = "ledger"),
        @ActivationConfigProperty(propertyName = "orderBy", propertyValue = "subject"),
        @ActivationConfigProperty(propertyName = "concurrency", propertyValue = "4"),
        // acks lost in the nats-server restart come back after the ack wait: keep the test short
        @ActivationConfigProperty(propertyName = "ackWaitMillis", propertyValue = "5000")
})
public class OrderedLedger extends CapSubscriber<String> {

    private static final Map<String, AtomicInteger> RUNNING = new ConcurrentHashMap<>();

    @EJB
    private Received received;

    @Override
    protected Object handle(String entry, CapContext context) throws Exception {
        String account = entry.substring(0, entry.indexOf(':'));
        AtomicInteger running = RUNNING.computeIfAbsent(account, a -> new AtomicInteger());
        try {
            if (running.incrementAndGet() > 1) {
                received.record("ledger-overlap", Handled.of(this, entry, context));
            }
            if (entry.equals("acct-3:10") && received.attempt("ledger acct-3:10") == 1) {
                throw new IllegalStateException("the first attempt at " + entry + " fails on purpose");
            }
            Thread.sleep(2); // long enough for the deliveries of other accounts to run beside it
            received.record("ledger", Handled.of(this, entry, context));
            return null;
        } finally {
            running.decrementAndGet();
        }
    }
}
