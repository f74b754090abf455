package io.natscap.cap.outbox;

import io.natscap.nats.CapNames;
import io.natscap.cap.messages.CapMessage;
import io.natscap.cap.messages.MessageFactory;
import io.natscap.cap.messages.SnowflakeId;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
import io.natscap.cap.CapHeaders;
import io.natscap.cap.CapObserver;
import io.natscap.cap.RetriesExhausted;
import io.natscap.cap.TestDatabases;
import io.natscap.cap.config.CapOptions;
import io.natscap.cap.diagnostics.Observers;
import io.natscap.cap.processors.ProcessorLoop;
import io.natscap.cap.processors.ProcessorLoops;
import io.natscap.cap.processors.DelayedProcessor;
import io.natscap.cap.processors.RetryProcessor;
import io.natscap.cap.processors.TransportCheck;
import io.natscap.cap.processors.ExpiryCollector;
import io.natscap.cap.runtime.CapMonitorBean;
import io.natscap.cap.storage.Database;
import io.natscap.cap.storage.PublishedStore;
import io.natscap.cap.storage.ReceivedStore;
import io.natscap.cap.storage.WorkerIdLease;
import io.natscap.nats.NatsConnectionFactory;
import io.natscap.nats.ra.outbound.NatsManagedConnectionFactory;
import io.natscap.testing.NatsTestServer;

import javax.sql.DataSource;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One application instance's outbox, wired as OutboxRuntime wires it in the container, on a real
 * database and a real nats-server reached through nats-ra (JCA's non-managed mode). Only the
 * executor is a plain thread pool instead of the container's ManagedExecutorService.
 */
final class OutboxFixture implements AutoCloseable {

    final CapOptions options;
    final DataSource dataSource;
    final String prefix;
    final Database database;
    final PublishedStore published;
    final ReceivedStore received;
    final WorkerIdLease workerId;
    final MessageFactory messages;
    final OutboxWriter writer;
    final OutboxDispatcher dispatcher;
    final RetryProcessor retry;
    final DelayedProcessor delayed;
    final TransportCheck transportCheck;
    final ExpiryCollector expiry;
    final Outbox outbox;
    final CapMonitorBean monitor;
    /** The fixture's processors as CapRuntime registers them; nothing schedules them here. */
    final ProcessorLoops loops = new ProcessorLoops();
    /** What a CapObserver of the application would be told. */
    final CountingObserver observed = new CountingObserver();
    final Observers observers;
    final List<RetriesExhausted> exhausted = new CopyOnWriteArrayList<>();
    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    /** {@code before}: observers told before {@link #observed}. */
    OutboxFixture(TestDatabases database, String prefix, NatsTestServer server, CapOptions options, CapObserver... before)
            throws Exception {
        this(database, prefix, natsFactory(server), options, before);
    }

    /** As CapRuntime wires it; {@code nats} may be the real factory or one that wraps it. */
    OutboxFixture(TestDatabases db, String prefix, NatsConnectionFactory nats, CapOptions options, CapObserver... before)
            throws Exception {
        List<CapObserver> all = new ArrayList<>(List.of(before));
        all.add(observed);
        this.observers = new Observers(all);
        this.options = options;
        this.dataSource = db.dataSource();
        this.prefix = prefix;
        this.database = Database.open(dataSource, prefix, "test data source");
        this.published = new PublishedStore(database, CapNames.DEFAULT_VERSION);
        this.received = new ReceivedStore(database, CapNames.DEFAULT_VERSION);
        this.workerId = WorkerIdLease.acquire(database, "fixture-" + prefix + "-" + System.nanoTime());
        this.messages = new MessageFactory(options, new SnowflakeId(workerId.workerId()));
        this.writer = new OutboxWriter(published, options);
        this.dispatcher = new OutboxDispatcher(published, nats, options, messages, executor, exhausted::add, observers);
        this.retry = new RetryProcessor(published, dispatcher, options);
        this.delayed = new DelayedProcessor(published, dispatcher, options);
        this.transportCheck = new TransportCheck(dispatcher, retry);
        this.expiry = new ExpiryCollector(published, received, options);
        this.outbox = new Outbox(writer, dispatcher, null);
        loops.add(new ProcessorLoop("outbox retry processor", options.failedRetryInterval(), retry));
        loops.add(new ProcessorLoop("transport check", Duration.ofSeconds(1), transportCheck));
        this.monitor = new CapMonitorBean(published, received, dispatcher, options, loops, observers);
    }

    /** One pass of a processor, as the container's scheduler runs it. */
    static void pass(ProcessorLoop.Processor processor) {
        try {
            processor.process();
        } catch (Exception e) {
            throw new AssertionError("a processor pass failed", e);
        }
    }

    static NatsConnectionFactory natsFactory(NatsTestServer server) {
        NatsManagedConnectionFactory factory = new NatsManagedConnectionFactory();
        factory.setServers(server.url());
        factory.setConnectionTimeoutMillis(500L);
        factory.setReconnectWaitMillis(200L);
        factory.setJetStreamTimeoutMillis(2000L);
        return (NatsConnectionFactory) factory.createConnectionFactory();
    }

    /** What CapPublisherBean does in the caller's transaction, then after its commit. */
    CapMessage publishAndCommit(String name, Object value) throws Exception {
        CapMessage message = messages.create(name, value, Map.of(), null, null);
        outbox.store(message, null);
        return message;
    }

    /** The cap-msg-id of every message in a stream, in stream order. */
    static List<String> idsInStream(NatsTestServer server, String stream) throws Exception {
        try (Connection nats = Nats.connect(server.url())) {
            JetStreamManagement jsm = nats.jetStreamManagement();
            long count = jsm.getStreamInfo(stream).getStreamState().getMsgCount();
            List<String> ids = new ArrayList<>();
            for (long sequence = 1; ids.size() < count; sequence++) {
                ids.add(message(jsm, stream, sequence).getHeaders().getFirst(CapHeaders.MESSAGE_ID));
            }
            return ids;
        }
    }

    static MessageInfo message(JetStreamManagement jsm, String stream, long sequence) throws IOException, JetStreamApiException {
        return jsm.getMessage(stream, sequence);
    }

    static long streamCount(NatsTestServer server, String stream) {
        try (Connection nats = Nats.connect(server.url())) {
            return nats.jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount();
        } catch (JetStreamApiException e) {
            return 0; // no stream yet
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static CapOptions fastOptions() {
        return CapOptions.defaults("natscap").withFallbackWindowLookback(Duration.ofSeconds(1)).withRetries(50, Duration.ofSeconds(1));
    }

    @Override
    public void close() throws Exception {
        dispatcher.stop();
        try {
            workerId.release();
        } catch (java.sql.SQLException e) {
            // another fixture on the same prefix dropped the tables already
        }
        executor.shutdown();
        if (!executor.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new AssertionError("a dispatch was still running 30 s after the test");
        }
        TestDatabases.drop(dataSource, prefix);
    }
}
