package io.natscap.cap;

import java.time.Duration;
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
}
