package io.natscap.cap.outbox;

import io.natscap.cap.RetriesExhausted;
import io.natscap.cap.CapHeaders;
import io.natscap.cap.config.CapOptions;
import io.natscap.cap.config.StreamOptions;
import io.natscap.cap.diagnostics.Observers;
import io.natscap.cap.messages.CapMessage;
import io.natscap.cap.messages.MessageFactory;
import io.natscap.cap.messages.SnowflakeId;
import io.natscap.cap.storage.PublishedStore;
import io.natscap.cap.storage.StoredMessage;
import io.natscap.nats.JetStreamAck;
import io.natscap.nats.NatsAdapterStatus;
import io.natscap.nats.NatsConnection;
import io.natscap.nats.NatsConnectionFactory;
import io.natscap.nats.NatsConnectionState;
import io.natscap.nats.StreamDefinition;
import jakarta.resource.ResourceException;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends stored messages to JetStream and records the outcome: Succeeded with its expiry, or
 * Failed with one more retry and the exception. Sends run on the given executor (the container's
 * ManagedExecutorService), never in the publisher's transaction; a batch is published
 * asynchronously over one pooled connection, with at most {@link CapOptions#MAX_IN_FLIGHT}
 * acknowledgements outstanding. Every send of a message uses its cap-msg-id as Nats-Msg-Id, so a
 * resend after a time-out is dropped by the stream as a duplicate.
 */
public final class OutboxDispatcher {

    private static final Logger LOG = Logger.getLogger(OutboxDispatcher.class.getName());
    /** How long a batch may wait for the stream's acknowledgements while the connection stays up. */
    private static final long ACK_WAIT_SECONDS = 30;
    /** How often a wait for an ack looks whether the connection is still up. */
    private static final long ACK_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** The most committed messages one batch of the drain task takes. */
    private static final int DRAIN_BATCH = 1000;
    /**
     * How long the drain task waits for the next commit before it ends. A submission to Payara's
     * ManagedExecutorService sets up the task's context through a ServiceLoader scan: a third of
     * a single caller's CPU when every commit started a task (benchmark case 1, profiled). At
     * more than 20 commits a second the task now stays, and a commit only queues its messages.
     */
    private static final long LINGER_MILLIS = 50;
    /**
     * How long the drain task may hold sent messages before marking them Succeeded together. A
     * row not yet marked keeps its lease, so no retry processor sends it meanwhile.
     */
    private static final long MARK_DELAY_MILLIS = 10;

    private final PublishedStore store;
    private final NatsConnectionFactory nats;
    private final CapOptions options;
    private final MessageFactory messages;
    private final Executor executor;
    private final Consumer<RetriesExhausted> exhausted;
    private final Set<String> knownStreams = ConcurrentHashMap.newKeySet();
    /** Committed messages waiting for the drain task, and whether one runs. */
    private final BlockingQueue<Pending> afterCommit = new LinkedBlockingQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final Observers observers;
    private volatile boolean transportDown;
    private volatile boolean stopped;

    public OutboxDispatcher(PublishedStore store, NatsConnectionFactory nats, CapOptions options, MessageFactory messages,
                            Executor executor, Consumer<RetriesExhausted> exhausted, Observers observers) {
        this.observers = observers;
        this.store = store;
        this.nats = nats;
        this.options = options;
        this.messages = messages;
        this.executor = executor;
        this.exhausted = exhausted;
    }

    /**
     * After a commit: queues the messages for the one drain task, started on the executor when
     * none runs; the caller does not wait. Under load, commits that arrive while a batch is out
     * are sent together in the next one: one connection borrowed, one UPDATE marking them sent,
     * and one executor submission instead of one per transaction (which, on Payara, sets up the
     * task's context through a ServiceLoader scan every time: the benchmark's profile).
     */
    public void dispatchLater(List<CapMessage> committed) {
        if (committed.isEmpty() || stopped) {
            return; // stopped: the rows stay Scheduled and the retry processor sends them
        }
        for (CapMessage message : committed) {
            afterCommit.add(new Pending(message, 0));
            observers.published(message.name());
        }
        if (draining.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RuntimeException e) {
                draining.set(false);
                LOG.log(Level.WARNING, "Cannot start sending committed outbox messages now; they are stored and the "
                        + "retry processor sends them", e);
            }
        }
    }

    /**
     * Sends what commits queued, batch after batch, until no commit has come for
     * {@value #LINGER_MILLIS} ms (once the dispatcher is stopped: until the queue is empty). What
     * was sent is marked Succeeded at most {@value #MARK_DELAY_MILLIS} ms later, in one UPDATE
     * with what was sent meanwhile: one caller committing one event at a time otherwise paid a
     * second commit per event, the UPDATE of a batch of one (benchmark case 1b).
     */
    private void drain() {
        boolean done = false;
        List<Long> unmarked = new ArrayList<>();
        long markBy = 0;
        try {
            while (!done) {
                long wait = unmarked.isEmpty() ? TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS) : markBy - System.nanoTime();
                // stopped: what is queued still goes out, but the task does not wait for more
                Pending next = stopped ? afterCommit.poll() : afterCommit.poll(Math.max(0, wait), TimeUnit.NANOSECONDS);
                List<Pending> batch = new ArrayList<>();
                while (next != null) {
                    batch.add(next);
                    next = batch.size() < DRAIN_BATCH ? afterCommit.poll() : null;
                }
                if (!batch.isEmpty()) {
                    if (unmarked.isEmpty()) {
                        markBy = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MARK_DELAY_MILLIS);
                    }
                    try {
                        unmarked.addAll(send(batch));
                    } catch (RuntimeException e) {
                        unexpected(batch, e);
                    }
                    if (unmarked.size() >= DRAIN_BATCH || System.nanoTime() - markBy >= 0) {
                        markSent(unmarked);
                        unmarked = new ArrayList<>();
                    }
                    continue;
                }
                if (!unmarked.isEmpty()) {
                    markSent(unmarked);
                    unmarked = new ArrayList<>();
                    continue;
                }
                draining.set(false);
                // a commit that queued after the last poll, while the flag was still set, started no task
                done = afterCommit.isEmpty() || !draining.compareAndSet(false, true);
            }
        } catch (InterruptedException e) {
            // the executor is shutting down (undeploy): what is queued stays Scheduled for the retry processor
            Thread.currentThread().interrupt();
        } finally {
            markSent(unmarked);
            if (!done) {
                draining.set(false); // failed unexpectedly: the next commit starts a new task
            }
        }
    }

    /**
     * A send failed in a way natscap did not foresee (a bug, a driver's runtime exception): said
     * loudly, and the batch is not left to wait out its lease: its rows are marked Failed and
     * handed to the transport check, which resends them within seconds (same Nats-Msg-Id, so what
     * was already stored is dropped as a duplicate). The drain task goes on with the next batch.
     */
    private void unexpected(List<Pending> batch, RuntimeException error) {
        LOG.log(Level.SEVERE, "Sending " + batch.size() + " outbox message(s) failed unexpectedly; they are stored "
                + "and the transport check resends them", error);
        transportDown = true;
        failed(batch, error);
    }

    /** Sends rows a processor has claimed, each with the retries it has had. */
    public void sendStored(List<StoredMessage> rows) {
        sendAll(rows.stream()
                .map(row -> new Pending(CapMessage.fromContent(row.id(), row.name(), row.content()), row.retries()))
                .toList());
    }

    /** Sends messages that carry their own retry counts, and marks those sent Succeeded. */
    public void sendAll(List<Pending> batch) {
        markSent(send(batch));
    }

    /** Sends messages that carry their own retry counts; records the failures; returns the ids sent. */
    private List<Long> send(List<Pending> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        List<Long> succeeded = new ArrayList<>(batch.size());
        List<Failure> failures = new ArrayList<>();
        long borrowing = System.nanoTime();
        try (NatsConnection connection = nats.getConnection()) {
            observers.connectionBorrowed(borrowing);
            if (connection.state() != NatsConnectionState.CONNECTED) {
                // jnats would buffer the messages and the acks could come only after the server is
                // back; the commits queued behind this batch would wait with them. The rows are
                // stored: the transport check resends them the moment NATS is connected again.
                unreachable(batch, new IllegalStateException("the NATS connection is " + connection.state()));
                return List.of();
            }
            messages.maxPayload(connection.maxPayload());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ACK_WAIT_SECONDS);
            List<CompletableFuture<JetStreamAck>> acks = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                CapMessage message = batch.get(i).message();
                if (i >= CapOptions.MAX_IN_FLIGHT) {
                    int oldest = i - CapOptions.MAX_IN_FLIGHT;
                    settle(connection, batch.get(oldest), acks.get(oldest), deadline, succeeded, failures);
                }
                acks.add(publish(connection, message));
            }
            for (int i = Math.max(0, batch.size() - CapOptions.MAX_IN_FLIGHT); i < batch.size(); i++) {
                settle(connection, batch.get(i), acks.get(i), deadline, succeeded, failures);
            }
        } catch (ResourceException e) {
            // no connection at all: NATS is unreachable; every message of the batch failed this time
            unreachable(batch, e);
            return List.of();
        }
        failed(failures);
        return succeeded;
    }

    /** Sent: the rows Succeeded with their expiry, in one batched UPDATE. */
    private void markSent(List<Long> sent) {
        if (sent.isEmpty()) {
            return;
        }
        try {
            store.markSucceeded(sent, Instant.now().plus(options.succeedMessageExpiredAfter()));
        } catch (SQLException | RuntimeException e) {
            // the rows stay claimed until their lease ends; the resend is dropped as a duplicate
            LOG.log(Level.WARNING, "Sent " + sent.size() + " outbox message(s) but could not mark them Succeeded", e);
        }
    }

    /** NATS cannot take the batch now: each message failed this time; logged once per outage. */
    private void unreachable(List<Pending> batch, Exception cause) {
        if (!transportDown) {
            LOG.warning(() -> "Cannot send " + batch.size() + " outbox message(s): " + cause.getMessage()
                    + "; they are stored, and they and the ones that follow go out as soon as NATS is reachable");
        }
        transportDown = true;
        failed(batch, cause);
    }

    private CompletableFuture<JetStreamAck> publish(NatsConnection connection, CapMessage message) {
        try {
            ensureStream(connection, message.name());
            return connection.jetStreamPublishAsync(message.name(), message.natsHeaders(), message.body(),
                    message.deduplicationId());
        } catch (ResourceException | RuntimeException e) {
            // a stream that cannot be made or found fails this message like a refused send: retried
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Waits for one message's ack, at most until the batch's deadline, and no longer once the
     * connection has lost its server: an ack that was in flight then may never come, and every
     * commit queued behind this batch would wait for it. Either way the message joins
     * {@code failures}, marked Failed with the batch's others as a transport problem, and the
     * transport check resends it (same Nats-Msg-Id: dropped as a duplicate if the first send was
     * stored after all).
     */
    private void settle(NatsConnection connection, Pending pending, CompletableFuture<JetStreamAck> ack, long deadline,
                        List<Long> succeeded, List<Failure> failures) {
        Throwable error;
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                try {
                    ack.get(Math.max(0, Math.min(left, ACK_POLL_NANOS)), TimeUnit.NANOSECONDS);
                    succeeded.add(pending.message().id());
                    observers.sent(pending.message().name(), SnowflakeId.mintedAt(pending.message().id()));
                    return;
                } catch (TimeoutException e) {
                    if (connection.state() != NatsConnectionState.CONNECTED) {
                        error = new IllegalStateException("the NATS connection is " + connection.state()
                                + " while waiting for the stream's acknowledgement", e);
                        break;
                    }
                    if (left <= ACK_POLL_NANOS) {
                        error = e;
                        break;
                    }
                }
            }
        } catch (ExecutionException e) {
            error = e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = e;
        }
        if (isTransportProblem(connection, error)) {
            transportDown = true;
        }
        failures.add(new Failure(pending, error));
    }

    /**
     * A failure that NATS' return will cure: the connection is not up, or the stream's answer did
     * not come in time. Anything else (a stream that cannot be created, a refused message) must
     * wait for the retry interval, not be retried every second by the transport check.
     */
    private static boolean isTransportProblem(NatsConnection connection, Throwable error) {
        if (connection.state() != NatsConnectionState.CONNECTED) {
            return true;
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || String.valueOf(t.getMessage()).contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    private void failed(List<Pending> batch, Throwable error) {
        failed(batch.stream().map(pending -> new Failure(pending, error)).toList());
    }

    /**
     * Records failed sends: each row Failed with one more retry and its exception, in one batched
     * UPDATE (during an outage every commit's messages fail), then tells the observers, and hands
     * what has run out of retries to the exhausted callback.
     */
    private void failed(List<Failure> failures) {
        if (failures.isEmpty()) {
            return;
        }
        List<PublishedStore.FailedSend> rows = new ArrayList<>(failures.size());
        List<Failure> givenUp = new ArrayList<>();
        try {
            for (Failure failure : failures) {
                CapMessage message = failure.pending().message();
                // the stream may have been deleted or rewritten by another service: look at it again before the next send
                knownStreams.remove(streamOf(message.name()));
                int retries = failure.pending().retries() + 1;
                boolean last = retries >= options.failedRetryCount();
                rows.add(new PublishedStore.FailedSend(message.id(), retries, message.withException(failure.error()).content(),
                        last ? Instant.now().plus(options.failedMessageExpiredAfter()) : null));
                if (last) {
                    givenUp.add(failure);
                }
            }
            store.markFailed(rows);
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "Could not record the failure of " + failures.size() + " outbox message(s), the first "
                    + failures.get(0).pending().message().id() + "; they stay stored and are sent again when their lease ends", e);
            return;
        }
        for (Failure failure : failures) {
            observers.sendFailed(failure.pending().message().name(), givenUp.contains(failure));
        }
        for (Failure failure : givenUp) {
            CapMessage message = failure.pending().message().withException(failure.error());
            int retries = failure.pending().retries() + 1;
            LOG.warning(() -> "Outbox message " + message.id() + " (" + message.name() + ") failed " + retries
                    + " times and will not be retried: " + failure.error());
            exhausted.accept(new RetriesExhausted(message.id(), message.name(), retries,
                    message.headers().get(CapHeaders.EXCEPTION)));
        }
    }

    /** A send that failed, and why. */
    private record Failure(Pending pending, Throwable error) {
    }

    /**
     * Publishes one message now and waits for the stream's acknowledgement, outside the outbox's
     * bookkeeping (an operator's re-execute).
     *
     * @throws IllegalStateException naming the subject, when NATS does not take it
     */
    public void sendNow(CapMessage message) {
        try (NatsConnection connection = nats.getConnection()) {
            ensureStream(connection, message.name());
            connection.jetStreamPublish(message.name(), message.natsHeaders(), message.body(), message.deduplicationId());
        } catch (ResourceException | RuntimeException e) {
            knownStreams.remove(streamOf(message.name()));
            throw new IllegalStateException("NATS did not take message " + message.id() + " on '" + message.name() + "': "
                    + e.getMessage(), e);
        }
    }

    /**
     * The stream of a subject (its first token, as CAP names it): created if missing, or checked
     * only ({@code cap.stream.create=false}); once per JVM, and again after a send failed.
     */
    private void ensureStream(NatsConnection connection, String subject) throws ResourceException {
        String stream = streamOf(subject);
        if (knownStreams.contains(stream)) {
            return;
        }
        StreamOptions wanted = options.streams();
        StreamDefinition actual;
        if (wanted.create()) {
            String wildcard = subject.contains(".") ? stream + ".>" : stream;
            actual = connection.ensureStream(wanted.definition(stream, List.of(wildcard), options.duplicateWindow()));
        } else {
            actual = connection.stream(stream).filter(found -> found.captures(subject)).orElseThrow(() -> new IllegalStateException(
                    "stream '" + stream + "' does not exist or does not capture '" + subject + "', and " + StreamOptions.PREFIX
                    + "create=false forbids creating it: create it (e.g. with subject " + stream + ".>), or allow "
                    + StreamOptions.PREFIX + "create; the message stays in the outbox and is retried"));
        }
        if (actual.storage() != StreamDefinition.Storage.FILE && wanted.storage() == StreamDefinition.Storage.FILE) {
            LOG.warning(() -> "Stream " + stream + " keeps messages in memory (created by someone else): "
                    + "they are lost when nats-server restarts");
        }
        if (actual.replicas() < wanted.replicas()) {
            LOG.warning(() -> "Stream " + stream + " has " + actual.replicas() + " replica(s), fewer than "
                    + StreamOptions.PREFIX + "replicas=" + wanted.replicas() + " (it was created before, by someone else or "
                    + "with other options); natscap does not change an existing stream's replicas");
        }
        knownStreams.add(stream);
    }

    /** CAP's NormalizeStreamName: the part of the subject before the first '.'. */
    public static String streamOf(String subject) {
        int dot = subject.indexOf('.');
        return dot < 0 ? subject : subject.substring(0, dot);
    }

    /**
     * True after NATS was unreachable or too slow to answer, until the transport check has sent
     * what failed meanwhile. Sends of new commits succeeding after the return do not clear it:
     * the messages that failed during the outage would then wait for the retry interval.
     */
    public boolean transportDown() {
        return transportDown;
    }

    /**
     * Borrows a connection and reports its state: the one place that asks whether NATS takes
     * messages now (the transport check and the monitor's readiness view).
     *
     * @return null when a connection is CONNECTED, else its state or why none could be borrowed
     */
    public String natsUnavailable() {
        try (NatsConnection connection = nats.getConnection()) {
            NatsConnectionState state = connection.state();
            return state == NatsConnectionState.CONNECTED ? null : "the pooled connection is " + state;
        } catch (ResourceException e) {
            return "no connection can be borrowed: " + e.getMessage();
        }
    }

    /** nats-ra's view of the pool, its message-driven beans and the streams. */
    public NatsAdapterStatus natsAdapter() {
        return nats.status();
    }

    /** The transport check is about to resend what failed during the outage; a new failure sets the flag again. */
    public void transportRecovered() {
        transportDown = false;
    }

    /** Takes no more after-commit work: what was stored stays for the retry processor. */
    public void stop() {
        stopped = true;
    }

    /** A message and the retries it has had. */
    public record Pending(CapMessage message, int retries) {
    }
}
