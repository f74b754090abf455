package io.natscap.cap.processors;

import io.natscap.cap.outbox.OutboxDispatcher;

import java.sql.SQLException;
import java.util.logging.Logger;

/**
 * While sends are failing, checks every second whether NATS is reachable again, and then runs the
 * retry processor at once: messages stored during an outage go out within seconds of NATS'
 * return, not after CAP's fixed 4-minute lookback.
 */
public final class TransportCheck implements ProcessorLoop.Processor {

    private static final Logger LOG = Logger.getLogger(TransportCheck.class.getName());

    private final OutboxDispatcher dispatcher;
    private final RetryProcessor retry;

    public TransportCheck(OutboxDispatcher dispatcher, RetryProcessor retry) {
        this.dispatcher = dispatcher;
        this.retry = retry;
    }

    @Override
    public void process() throws SQLException {
        if (!dispatcher.transportDown()) {
            return;
        }
        if (dispatcher.natsUnavailable() != null) {
            return; // still unreachable
        }
        LOG.info("NATS is reachable again: sending the outbox messages stored meanwhile");
        dispatcher.transportRecovered();
        retry.process();
    }
}
