package io.natscap.nats.ra.inbound;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ConsumeOptions;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.MessageHandler;
import io.nats.client.Nats;
import io.nats.client.PublishOptions;
import io.nats.client.api.ConsumerInfo;
import io.natscap.nats.NatsAdapterStatus;
import io.natscap.nats.NatsConnectionState;
import io.natscap.nats.ra.ConnectionStates;
import io.natscap.nats.ra.ConnectionSettings;
import io.natscap.nats.ra.Consumers;
import io.natscap.nats.ra.NatsErrorLog;
import io.natscap.nats.ra.Streams;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * One bean's subscription, kept alive for as long as the bean is deployed: its own NATS
 * connection, and a core subscription or a durable JetStream pull consumer feeding a handler.
 *
 * <p>Recovery: jnats reconnects and resubscribes by itself after a server restart; the pull
 * consumer is asked to pull again at once after a reconnect (its pending pull died with the old
 * server process). When the server is down at activation, or the connection closes for good, a
 * new connection is tried with a growing pause (at most {@link #MAX_RETRY_PAUSE_MILLIS}), logged
 * once per change of state. When the durable is deleted on the server under a running bean, it is
 * re-created from the oldest message this subscription has not settled, so that nothing is skipped.
 *
 * <p>Threads: the first attempt runs on the deploying thread, everything after it on this bean's
 * timer thread; jnats' callbacks only schedule work there. The lock guards the two fields and is
 * never held during I/O: jnats' {@code close()} waits for its callback thread, whose CLOSED
 * callback takes the lock.
 */
final class Subscription {

    private static final Logger LOG = Logger.getLogger(Subscription.class.getName());

    static final long MAX_RETRY_PAUSE_MILLIS = 5_000;
    /** A pull request lives this long: after a reconnect the next one goes out within it. */
    private static final long PULL_EXPIRY_MILLIS = 5_000;

    private final String bean;
    private final NatsActivationSpec spec;
    private final String durable;
    private final ConnectionSettings settings;
    private final MessageHandler handler;
    private final Timer timer;
    private final Object lock = new Object();
    private final AtomicBoolean consumerCheckQueued = new AtomicBoolean();
    /** Stream sequences received and not yet acknowledged or terminated, and the highest received. */
    private final ConcurrentSkipListSet<Long> unsettled = new ConcurrentSkipListSet<>();
    private final AtomicLong highestReceived = new AtomicLong();

    private volatile boolean stopping;
    private volatile boolean disconnectLogged;
    private Connection connection; // guarded by lock
    private MessageConsumer consumer; // guarded by lock
    private int failedAttempts;
    private String lastFailure;

    Subscription(String bean, NatsActivationSpec spec, String durable, ConnectionSettings settings, MessageHandler handler,
                 Timer timer) {
        this.bean = bean;
        this.spec = spec;
        this.durable = durable;
        this.settings = settings;
        this.handler = handler;
        this.timer = timer;
    }

    /** First attempt now, on the calling thread; on failure the timer keeps trying. */
    void start() {
        attempt();
    }

    private void attempt() {
        if (stopping) {
            return;
        }
        Connection opened = null;
        try {
            opened = Nats.connect(settings.toOptions(new StateListener(),
                    new NatsErrorLog("message-driven bean " + bean, settings, this::consumerTrouble)));
            MessageConsumer pulling = subscribe(opened, spec.durable(durable));
            synchronized (lock) {
                if (!stopping) {
                    connection = opened;
                    consumer = pulling;
                    opened = null;
                }
            }
            if (opened == null) {
                int failed = failedAttempts;
                LOG.info(() -> "Message-driven bean " + bean + " consumes " + what()
                        + (failed > 0 ? " again, after " + failed + " failed attempt(s)" : " from " + settings.displayServers()));
                failedAttempts = 0;
                lastFailure = null;
            }
        } catch (IOException | JetStreamApiException | TimeoutException | RuntimeException e) {
            failedAttempts++;
            String reason = settings.redact(String.valueOf(e.getMessage()));
            if (!reason.equals(lastFailure)) {
                LOG.warning(() -> "Message-driven bean " + bean + " cannot consume " + what() + " from "
                        + settings.displayServers() + ": " + reason + "; trying again every few seconds until it can");
            }
            lastFailure = reason;
            runLater(this::attempt, Math.min(MAX_RETRY_PAUSE_MILLIS, 250L << Math.min(failedAttempts, 5)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            runLater(this::attempt, MAX_RETRY_PAUSE_MILLIS);
        } finally {
            closeQuietly(opened); // a failed or late attempt's connection, outside the lock
        }
    }

    private String what() {
        return spec.isJetStream()
                ? "'" + spec.subscribedSubject() + "' (stream " + spec.getStream() + ", durable " + durable + ")"
                : "'" + spec.subscribedSubject() + "'"
                        + (spec.queueGroupOrGroup() == null ? "" : " (queue group " + spec.queueGroupOrGroup() + ")");
    }

    /** Subscribes on {@code nats}; the pull consumer of a JetStream bean, null for a core subscription. */
    private MessageConsumer subscribe(Connection nats, Consumers.Durable wanted)
            throws IOException, JetStreamApiException, TimeoutException, InterruptedException {
        if (!spec.isJetStream()) {
            Dispatcher dispatcher = nats.createDispatcher();
            String queue = spec.queueGroupOrGroup();
            if (queue == null || queue.isEmpty()) {
                dispatcher.subscribe(spec.subscribedSubject(), handler);
            } else {
                dispatcher.subscribe(spec.subscribedSubject(), queue, handler);
            }
            nats.flush(Duration.ofMillis(settings.connectionTimeoutMillis()));
            return null;
        }
        JetStreamManagement jsm = nats.jetStreamManagement(settings.jetStreamOptions());
        if (!Boolean.FALSE.equals(spec.getCreateStream())) {
            Streams.ensureSubject(jsm, spec.getStream(), spec.subscribedSubject(), spec.streamReplicasOrDefault());
            if (spec.deadLettersOn()) {
                Streams.ensureSubject(jsm, spec.getStream(), spec.deadLetterPattern(), spec.streamReplicasOrDefault());
            }
        }
        Consumers.ensure(jsm, wanted);
        return pull(nats);
    }

    private MessageConsumer pull(Connection nats) throws IOException, JetStreamApiException {
        ConsumeOptions options = ConsumeOptions.builder()
                .batchSize(spec.pullBatchSizeOrDefault())
                .expiresIn(PULL_EXPIRY_MILLIS)
                .build();
        return nats.getConsumerContext(spec.getStream(), durable, settings.jetStreamOptions())
                .consume(options, this::received);
    }

    private void received(Message message) throws InterruptedException {
        long sequence = message.metaData().streamSequence();
        unsettled.add(sequence);
        highestReceived.accumulateAndGet(sequence, Math::max);
        handler.onMessage(message);
    }

    /**
     * Publishes a dead letter through JetStream on the bean's connection, under {@code messageId}
     * (a second attempt for the same original is then stored once); throws when it is not stored.
     */
    void publishDeadLetter(Message letter, String messageId) throws IOException, JetStreamApiException {
        Connection current;
        synchronized (lock) {
            current = connection;
        }
        if (current == null) {
            throw new IOException("message-driven bean " + bean + " has no connection to NATS now");
        }
        current.jetStream(settings.jetStreamOptions()).publish(letter, PublishOptions.builder().messageId(messageId).build());
    }

    /** A delivery acknowledged or terminated the message at this stream sequence. */
    void settled(long streamSequence) {
        unsettled.remove(streamSequence);
    }

    /** Where a re-created durable starts: the oldest message not settled, else the one after the newest seen. */
    private long resumeSequence() {
        Long oldest = unsettled.isEmpty() ? null : unsettled.first();
        if (oldest != null) {
            return oldest;
        }
        long highest = highestReceived.get();
        return highest > 0 ? highest + 1 : 0;
    }

    /** Replaces the pull consumer of the current connection; false when there is none (any more). */
    private boolean replaceConsumer(Consumers.Durable wanted) throws IOException, JetStreamApiException, TimeoutException,
            InterruptedException {
        Connection current;
        MessageConsumer old;
        synchronized (lock) {
            current = connection;
            old = consumer;
        }
        if (current == null || stopping) {
            return false;
        }
        if (old != null) {
            old.stop();
        }
        MessageConsumer fresh = subscribe(current, wanted);
        synchronized (lock) {
            if (connection == current && !stopping) {
                consumer = fresh;
                return true;
            }
        }
        fresh.stop(); // the connection went meanwhile
        return false;
    }

    /**
     * After a reconnect the pull request that was waiting died with the old server process; jnats
     * would send the next one only when it expires. Pulling again at once resumes delivery now.
     */
    private void pullAgain() {
        try {
            replaceConsumer(spec.durable(durable));
        } catch (IOException | JetStreamApiException | TimeoutException | RuntimeException e) {
            LOG.warning(() -> "Message-driven bean " + bean + " could not pull again after a reconnect: "
                    + settings.redact(String.valueOf(e.getMessage())) + "; opening a new connection");
            closeConnection();
            runLater(this::attempt, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** From jnats' callback thread: a pull error, warning or missed heartbeat. Looked at once, off that thread. */
    private void consumerTrouble() {
        if (spec.isJetStream() && !stopping && consumerCheckQueued.compareAndSet(false, true)) {
            runLater(this::checkConsumer, 0);
        }
    }

    /** Re-creates the durable when it no longer exists on the server; says loudly when it cannot. */
    private void checkConsumer() {
        consumerCheckQueued.set(false);
        Connection current;
        synchronized (lock) {
            current = connection;
        }
        if (current == null || stopping || current.getStatus() != Connection.Status.CONNECTED) {
            return; // reconnecting or starting over: that path subscribes anew
        }
        try {
            if (Consumers.find(current.jetStreamManagement(settings.jetStreamOptions()), spec.getStream(), durable).isPresent()) {
                return;
            }
            long from = resumeSequence();
            LOG.warning(() -> "The durable " + durable + " of message-driven bean " + bean + " no longer exists on stream "
                    + spec.getStream() + " (deleted on the server?); re-creating it"
                    + (from > 0 ? " from stream sequence " + from : ""));
            if (replaceConsumer(spec.durable(durable).startingAt(from))) {
                LOG.info(() -> "Message-driven bean " + bean + " consumes " + what() + " again through a re-created durable");
            }
        } catch (IOException | JetStreamApiException | TimeoutException | RuntimeException e) {
            LOG.severe(() -> "Message-driven bean " + bean + " receives nothing: its durable " + durable + " on stream "
                    + spec.getStream() + " is gone and cannot be re-created: " + settings.redact(String.valueOf(e.getMessage()))
                    + "; trying again in " + MAX_RETRY_PAUSE_MILLIS / 1000 + " s");
            if (consumerCheckQueued.compareAndSet(false, true)) {
                runLater(this::checkConsumer, MAX_RETRY_PAUSE_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void runLater(Runnable task, long delayMillis) {
        if (stopping) {
            return;
        }
        try {
            timer.schedule(new TimerTask() {
                @Override
                public void run() {
                    task.run();
                }
            }, delayMillis);
        } catch (IllegalStateException cancelled) {
            // the timer was cancelled: the endpoint is being deactivated
        }
    }

    /**
     * This bean as an operator sees it: its connection's state and, for JetStream, its durable's
     * state read from the server now (one request, bounded by the JetStream request time-out).
     */
    NatsAdapterStatus.Endpoint status() {
        Connection current;
        synchronized (lock) {
            current = connection;
        }
        String group = spec.queueGroupOrGroup();
        String stream = spec.isJetStream() ? spec.getStream() : null;
        String name = spec.isJetStream() ? durable : null;
        if (current == null) {
            String why = lastFailure == null ? "not connected" : "not connected: " + lastFailure;
            return new NatsAdapterStatus.Endpoint(bean, spec.subscribedSubject(), stream, name, group, spec.getConcurrency(),
                    NatsConnectionState.CLOSED, null, why);
        }
        NatsConnectionState state = ConnectionStates.of(current);
        if (!spec.isJetStream()) {
            return new NatsAdapterStatus.Endpoint(bean, spec.subscribedSubject(), null, null, group, spec.getConcurrency(),
                    state, null, null);
        }
        NatsAdapterStatus.Consumer consumerState = null;
        String problem = null;
        try {
            Optional<ConsumerInfo> info = Consumers.find(current.jetStreamManagement(settings.jetStreamOptions()),
                    spec.getStream(), durable);
            if (info.isPresent()) {
                ConsumerInfo c = info.get();
                consumerState = new NatsAdapterStatus.Consumer(c.getNumPending(), c.getNumAckPending(),
                        c.getRedelivered(), c.getDelivered().getConsumerSequence());
            } else {
                problem = "the durable " + durable + " does not exist on stream " + spec.getStream();
            }
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            problem = "cannot read the durable " + durable + ": " + settings.redact(String.valueOf(e.getMessage()));
        }
        return new NatsAdapterStatus.Endpoint(bean, spec.subscribedSubject(), stream, name, group, spec.getConcurrency(),
                state, consumerState, problem);
    }

    /** Stops asking for messages (deliveries in flight go on); no attempt or recovery runs after this. */
    void stopConsuming() {
        stopping = true;
        timer.cancel();
        MessageConsumer pulling;
        synchronized (lock) {
            pulling = consumer;
        }
        if (pulling != null) {
            pulling.stop();
        }
    }

    /** Closes the connection. jnats waits for its callback thread here, so no lock is held. */
    void close() {
        stopping = true;
        closeConnection();
    }

    private void closeConnection() {
        Connection closing;
        synchronized (lock) {
            closing = connection;
            connection = null;
            consumer = null;
        }
        closeQuietly(closing);
    }

    private static void closeQuietly(Connection closing) {
        if (closing == null) {
            return;
        }
        try {
            closing.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Transient states are logged once each; CLOSED makes the subscription start over. */
    private final class StateListener implements ConnectionListener {
        /** jnats 2.26 still declares this one abstract, and calls the one below. */
        @Override
        @SuppressWarnings("deprecation")
        public void connectionEvent(Connection conn, Events event) {
            connectionEvent(conn, event, null, null);
        }

        @Override
        public void connectionEvent(Connection conn, Events event, Long time, String uriDetails) {
            Connection current;
            synchronized (lock) {
                current = connection;
            }
            if (conn != current) {
                // a connection still being opened (a failed attempt fires DISCONNECTED too), or one already let go
                LOG.fine(() -> "Message-driven bean " + bean + ": " + event.name() + " of a connection not in use");
                return;
            }
            switch (event) {
                case DISCONNECTED -> {
                    if (!disconnectLogged && !stopping) {
                        disconnectLogged = true;
                        LOG.warning(() -> "Message-driven bean " + bean + " lost its NATS server; reconnecting to "
                                + settings.displayServers());
                    }
                }
                case RECONNECTED -> {
                    disconnectLogged = false;
                    LOG.info(() -> "Message-driven bean " + bean + " reconnected to NATS; consuming " + what());
                    if (spec.isJetStream()) {
                        runLater(Subscription.this::pullAgain, 0);
                    }
                }
                case CLOSED -> {
                    synchronized (lock) {
                        if (connection == conn) {
                            connection = null;
                            consumer = null;
                        }
                    }
                    if (!stopping) {
                        LOG.warning(() -> "The NATS connection of message-driven bean " + bean
                                + " closed for good; opening a new one");
                        runLater(Subscription.this::attempt, 0);
                    }
                }
                default -> LOG.fine(() -> "Message-driven bean " + bean + ": NATS connection " + event.name());
            }
        }
    }
}
