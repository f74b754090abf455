package io.natscap.nats.ra.inbound;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ConsumeOptions;
import io.nats.client.Dispatcher;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.Nats;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.natscap.nats.ra.ConnectionSettings;
import io.natscap.nats.ra.Streams;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.io.IOException;
import java.time.Duration;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One message-driven bean's subscription, kept alive for as long as the bean is deployed: its
 * own NATS connection, a core subscription or a durable JetStream pull consumer, and deliveries
 * handed to the WorkManager, at most {@code concurrency} at a time.
 *
 * <p>Recovery: jnats reconnects and resubscribes by itself after a server restart; the pull
 * consumer's short expiry makes it ask for messages again within seconds (jnats' default
 * stalled ~40 s). When the server is down at activation, or the connection closes for good,
 * this class tries again with a growing pause (at most {@link #MAX_RETRY_PAUSE_MILLIS}), logging
 * once per change of state, not once per attempt.
 */
final class EndpointActivation {

    private static final Logger LOG = Logger.getLogger(EndpointActivation.class.getName());

    static final long MAX_RETRY_PAUSE_MILLIS = 5_000;
    /** A pull request lives this long: after a reconnect the next one goes out within it. */
    private static final long PULL_EXPIRY_MILLIS = 5_000;
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(30);
    /** jnats' API error code for "consumer not found". */
    private static final int CONSUMER_NOT_FOUND = 10014;

    private final MessageEndpointFactory factory;
    private final NatsActivationSpec spec;
    private final String bean;
    private final String durable;
    private final ConnectionSettings settings;
    private final WorkManager workManager;
    private final TransactionSynchronizationRegistry transactions;
    private final Timer timer;
    private final int concurrency;
    private final Semaphore deliverySlots;

    private volatile boolean stopping;
    private volatile boolean disconnectLogged;
    /** Written under this activation's lock; read by jnats' callbacks without it. */
    private volatile Connection connection;
    private MessageConsumer consumer;
    private int failedAttempts;
    private String lastFailure;

    EndpointActivation(MessageEndpointFactory factory, NatsActivationSpec spec, String bean, String durable,
                       ConnectionSettings settings, WorkManager workManager,
                       TransactionSynchronizationRegistry transactions, Timer timer) {
        this.factory = factory;
        this.spec = spec;
        this.bean = bean;
        this.durable = durable;
        this.settings = settings;
        this.workManager = workManager;
        this.transactions = transactions;
        this.timer = timer;
        this.concurrency = spec.getConcurrency();
        this.deliverySlots = new Semaphore(concurrency);
    }

    /** First attempt now, on the deploying thread; on failure the timer keeps trying. */
    void start() {
        attempt();
    }

    private synchronized void attempt() {
        if (stopping) {
            return;
        }
        try {
            connection = Nats.connect(settings.toOptions(new StateListener(), new ErrorLogger()));
            subscribe(connection);
            if (failedAttempts > 0) {
                LOG.info(() -> "Message-driven bean " + bean + " consumes " + what() + " again, after "
                        + failedAttempts + " failed attempt(s)");
            } else {
                LOG.info(() -> "Message-driven bean " + bean + " consumes " + what() + " from " + settings.displayServers());
            }
            failedAttempts = 0;
            lastFailure = null;
        } catch (IOException | JetStreamApiException | TimeoutException | RuntimeException e) {
            closeConnection();
            failedAttempts++;
            String reason = settings.redact(String.valueOf(e.getMessage()));
            if (!reason.equals(lastFailure)) {
                LOG.warning(() -> "Message-driven bean " + bean + " cannot consume " + what() + " from "
                        + settings.displayServers() + ": " + reason + "; trying again every few seconds until it can");
            }
            lastFailure = reason;
            scheduleAttempt(Math.min(MAX_RETRY_PAUSE_MILLIS, 250L << Math.min(failedAttempts, 5)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeConnection();
            scheduleAttempt(MAX_RETRY_PAUSE_MILLIS);
        }
    }

    private void scheduleAttempt(long delayMillis) {
        runLater(this::attempt, delayMillis);
    }

    /** Off jnats' callback thread, which must not block on this activation's lock. */
    private void runSoon(Runnable task) {
        runLater(task, 0);
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

    private String what() {
        return spec.isJetStream()
                ? "'" + spec.getSubject() + "' (stream " + spec.getStream() + ", durable " + durable + ")"
                : "'" + spec.getSubject() + "'" + (spec.queueGroupOrGroup() == null ? "" : " (queue group " + spec.queueGroupOrGroup() + ")");
    }

    private void subscribe(Connection nats) throws IOException, JetStreamApiException, TimeoutException, InterruptedException {
        if (!spec.isJetStream()) {
            Dispatcher dispatcher = nats.createDispatcher();
            String queue = spec.queueGroupOrGroup();
            if (queue == null || queue.isEmpty()) {
                dispatcher.subscribe(spec.getSubject(), this::onNatsMessage);
            } else {
                dispatcher.subscribe(spec.getSubject(), queue, this::onNatsMessage);
            }
            nats.flush(Duration.ofMillis(settings.connectionTimeoutMillis()));
            return;
        }
        JetStreamManagement jsm = nats.jetStreamManagement();
        if (!Boolean.FALSE.equals(spec.getCreateStream())) {
            Streams.ensureSubject(jsm, spec.getStream(), spec.getSubject());
        }
        jsm.addOrUpdateConsumer(spec.getStream(), consumerConfiguration(jsm));
        consumer = pull(nats);
    }

    // guarded by this
    private MessageConsumer pull(Connection nats) throws IOException, JetStreamApiException {
        // A small batch: fetched messages wait in memory, and their ack wait runs while they do.
        ConsumeOptions options = ConsumeOptions.builder()
                .batchSize(Math.max(10, concurrency * 4))
                .expiresIn(PULL_EXPIRY_MILLIS)
                .build();
        return nats.getConsumerContext(spec.getStream(), durable).consume(options, this::onNatsMessage);
    }

    /**
     * After a reconnect the pull request that was waiting died with the old server process; jnats
     * would send the next one only when it expires. Pulling again at once resumes delivery now.
     */
    private synchronized void pullAgain() {
        if (stopping || connection == null || consumer == null) {
            return;
        }
        consumer.stop();
        try {
            consumer = pull(connection);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            LOG.warning(() -> "Message-driven bean " + bean + " could not pull again after a reconnect: "
                    + settings.redact(String.valueOf(e.getMessage())) + "; opening a new connection");
            closeConnection();
            scheduleAttempt(0);
        }
    }

    /** A new durable gets everything configured; an existing one keeps what cannot change. */
    private ConsumerConfiguration consumerConfiguration(JetStreamManagement jsm)
            throws IOException, JetStreamApiException {
        ConsumerInfo existing;
        try {
            existing = jsm.getConsumerInfo(spec.getStream(), durable);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != CONSUMER_NOT_FOUND) {
                throw e;
            }
            existing = null;
        }
        ConsumerConfiguration.Builder builder = existing == null
                ? ConsumerConfiguration.builder()
                        .durable(durable)
                        .filterSubject(spec.getSubject())
                        .ackPolicy(AckPolicy.Explicit)
                        .deliverPolicy(spec.deliverPolicyOrDefault() == NatsActivationSpec.DeliverPolicy.ALL ? DeliverPolicy.All : DeliverPolicy.New)
                : ConsumerConfiguration.builder(existing.getConsumerConfiguration());
        if (existing != null && !spec.getSubject().equals(existing.getConsumerConfiguration().getFilterSubject())) {
            throw new IllegalStateException("durable " + durable + " on stream " + spec.getStream() + " already consumes '"
                    + existing.getConsumerConfiguration().getFilterSubject() + "', not '" + spec.getSubject()
                    + "': name another durable");
        }
        return builder.ackWait(spec.ackWait())
                .maxDeliver(spec.maxDeliverOrDefault())
                .maxAckPending(spec.maxAckPendingOrDefault())
                .build();
    }

    /** On jnats' thread: waits for a free delivery slot, then hands the message to the WorkManager. */
    private void onNatsMessage(Message message) throws InterruptedException {
        while (!deliverySlots.tryAcquire(200, TimeUnit.MILLISECONDS)) {
            if (stopping) {
                giveBack(message);
                return;
            }
        }
        if (stopping) {
            deliverySlots.release();
            giveBack(message);
            return;
        }
        try {
            workManager.scheduleWork(new MessageDelivery(this, message));
        } catch (WorkException e) {
            deliverySlots.release();
            LOG.log(Level.WARNING, "The WorkManager refused a delivery to " + bean + "; the message goes back", e);
            if (message.isJetStream()) {
                message.nakWithDelay(Duration.ofSeconds(1));
            }
        }
    }

    /** Not delivered because the endpoint is stopping: another instance may take it at once. */
    private static void giveBack(Message message) {
        if (message.isJetStream()) {
            message.nak();
        }
    }

    void deliveryDone() {
        deliverySlots.release();
    }

    /** Stops consuming, waits for deliveries in flight, closes the connection and the timer. */
    void stop() {
        stopping = true;
        timer.cancel();
        MessageConsumer pulling;
        synchronized (this) {
            pulling = consumer;
        }
        if (pulling != null) {
            pulling.stop();
        }
        try {
            if (!deliverySlots.tryAcquire(concurrency, DRAIN_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warning(() -> "Deliveries to " + bean + " still running after " + DRAIN_LIMIT.toSeconds()
                        + " s; closing the connection anyway (their messages will be redelivered)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            closeConnection();
        }
        LOG.info(() -> "Message-driven bean " + bean + " no longer consumes " + what());
    }

    // guarded by this
    private void closeConnection() {
        Connection closing = connection;
        connection = null;
        consumer = null;
        if (closing != null) {
            try {
                closing.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    MessageEndpointFactory factory() {
        return factory;
    }

    NatsActivationSpec spec() {
        return spec;
    }

    String bean() {
        return bean;
    }

    TransactionSynchronizationRegistry transactions() {
        return transactions;
    }

    /** Transient states are logged once each; CLOSED makes the activation start over. */
    private final class StateListener implements ConnectionListener {
        @Override
        public void connectionEvent(Connection conn, Events event) {
            if (conn != connection && event != Events.CLOSED) {
                return; // a connection still being opened (a failed attempt fires DISCONNECTED too)
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
                        runSoon(EndpointActivation.this::pullAgain);
                    }
                }
                case CLOSED -> {
                    boolean current;
                    synchronized (EndpointActivation.this) {
                        current = conn == connection;
                        if (current) {
                            connection = null;
                            consumer = null;
                        }
                    }
                    if (current && !stopping) {
                        LOG.warning(() -> "The NATS connection of message-driven bean " + bean
                                + " closed for good; opening a new one");
                        scheduleAttempt(0);
                    }
                }
                default -> {
                    // CONNECTED, RESUBSCRIBED, DISCOVERED_SERVERS, LAME_DUCK
                }
            }
        }
    }

    private final class ErrorLogger implements ErrorListener {
        @Override
        public void errorOccurred(Connection conn, String error) {
            LOG.warning(() -> "NATS server error for message-driven bean " + bean + ": " + settings.redact(error));
        }

        @Override
        public void exceptionOccurred(Connection conn, Exception exp) {
            LOG.fine(() -> "NATS connection of " + bean + ": " + settings.redact(String.valueOf(exp)));
        }
    }
}
