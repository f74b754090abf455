package io.natscap.cap;

import io.natscap.nats.NatsAdapterStatus;
import io.natscap.nats.NatsConnectionFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an operator reads and does, and nothing internal (CAP's IMonitoringApi, HikariCP's pool
 * MXBean in spirit): message counts, the backlog, whether NATS is reachable, the messages
 * themselves, and requeue, re-execute and delete. Obtain it with {@code @Inject} or {@code @EJB}.
 * Every method reads or writes the outbox's tables directly (no caching).
 *
 * @see CapPublisher
 */
public interface CapMonitor {

    /** Published messages by status. */
    Map<MessageStatus, Long> publishedCounts();

    /** Received messages of every group by status. */
    Map<MessageStatus, Long> receivedCounts();

    /** Received messages of one subscriber group by status. */
    Map<MessageStatus, Long> receivedCounts(String group);

    /** What is stored and still to be sent. */
    Backlog backlog();

    /** True while NATS is unreachable or too slow for the outbox, until what failed meanwhile is resent. */
    boolean transportDown();

    /**
     * Whether NATS takes messages now: a connection borrowed from the pool (cap.connectionFactory)
     * is CONNECTED. Asks the pool each time it is called; for readiness probes.
     */
    NatsStatus nats();

    /**
     * NATS as nats-ra sees it now: the pool's connections, every message-driven bean with its
     * JetStream consumer's pending, ack-pending and redelivered counts, and the streams (see
     * {@link NatsConnectionFactory#status()}).
     */
    NatsAdapterStatus natsAdapter();

    /**
     * Messages stored per hour from {@code from} on, oldest hour first: published and received, by
     * status (for a graph of the last 24 hours). Hours without messages are left out.
     */
    List<HourlyCounts> hourly(Instant from);

    /** natscap's background loops (retry, delayed messages, expiry, transport check, worker id renewal). */
    List<ProcessorStatus> processors();

    /** A page of published messages. */
    MessagePage published(MessageQuery query);

    /** A page of received messages. */
    MessagePage received(MessageQuery query);

    /** One published message, by its cap-msg-id. */
    Optional<MonitoredMessage> publishedMessage(long messageId);

    /** One received message, by its row id ({@link MonitoredMessage#id()}). */
    Optional<MonitoredMessage> receivedMessage(long id);

    /**
     * Sends a published message again now, with the same cap-msg-id, whatever its status
     * (Succeeded, Failed, given up): its retries start again from 0. False when there is no such
     * message. Sending itself may still fail (NATS unreachable): it is then retried as usual.
     */
    boolean requeue(long messageId);

    /**
     * Runs a received message's subscriber again, once, in its own group only (other groups
     * ignore it): the message goes to NATS again addressed to that group. False when there is no
     * such row.
     *
     * @throws IllegalStateException when NATS cannot take the message now (the row then waits for
     *                               its subscriber as a new one would: re-execute again later)
     */
    boolean reExecute(long id);

    /** Deletes a published message; false when there was none. */
    boolean deletePublished(long messageId);

    /** Deletes a received message (its subscriber may then run again if it is redelivered); false when there was none. */
    boolean deleteReceived(long id);

    /**
     * Published messages still to be sent: Scheduled, Queued, and Failed with retries left
     * (Delayed ones wait for their time and are not counted).
     *
     * @param messages  how many
     * @param oldestAge how long the oldest of them has waited; {@link Duration#ZERO} when there is none
     */
    record Backlog(long messages, Duration oldestAge) {
    }

    /**
     * NATS as the outbox sees it.
     *
     * @param connected true when a pooled connection is CONNECTED
     * @param detail    the connection's state, or why none could be borrowed (no secrets: the pool's
     *                  messages name servers and states only)
     */
    record NatsStatus(boolean connected, String detail) {
    }

    /**
     * The messages stored in one hour.
     *
     * @param hour      the hour's start
     * @param published published messages added in that hour, by their status now
     * @param received  received messages added in that hour, by their status now
     */
    record HourlyCounts(Instant hour, Map<MessageStatus, Long> published, Map<MessageStatus, Long> received) {

        public HourlyCounts {
            published = Map.copyOf(published);
            received = Map.copyOf(received);
        }
    }

    /**
     * One background loop.
     *
     * @param name           what it does, e.g. "outbox retry processor"
     * @param interval       the pause between its passes
     * @param lastPassEnded  when its last pass ended (its start, before the first)
     * @param lastPassFailed whether that pass failed (it is logged, and the loop runs again)
     */
    record ProcessorStatus(String name, Duration interval, Instant lastPassEnded, boolean lastPassFailed) {

        /** How long past its interval a loop may stay without a pass before it counts as stalled. */
        public static final Duration GRACE = Duration.ofMinutes(1);

        /** No pass for two intervals and {@link #GRACE}: the loop hangs, or is scheduled no more. */
        public boolean stalledAt(Instant now) {
            return lastPassEnded.plus(interval.multipliedBy(2)).plus(GRACE).isBefore(now);
        }
    }
}
