package io.natscap.cap.runtime;

import io.natscap.cap.RetriesExhausted;
import io.natscap.cap.CapObserver;
import io.natscap.cap.CapTracing;
import io.natscap.cap.config.CapOptions;
import io.natscap.cap.diagnostics.Observers;
import io.natscap.cap.diagnostics.Tracing;
import io.natscap.cap.messages.MessageFactory;
import io.natscap.cap.messages.SnowflakeId;
import io.natscap.cap.outbox.Outbox;
import io.natscap.cap.outbox.OutboxDispatcher;
import io.natscap.cap.outbox.OutboxWriter;
import io.natscap.cap.processors.DelayedProcessor;
import io.natscap.cap.processors.ExpiryCollector;
import io.natscap.cap.processors.ProcessorLoop;
import io.natscap.cap.processors.ProcessorLoops;
import io.natscap.cap.processors.RetryProcessor;
import io.natscap.cap.processors.TransportCheck;
import io.natscap.cap.processors.WorkerIdRenewal;
import io.natscap.cap.storage.Database;
import io.natscap.cap.storage.PublishedStore;
import io.natscap.cap.storage.ReceivedStore;
import io.natscap.cap.storage.WorkerIdLease;
import io.natscap.nats.NatsConnectionFactory;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.eclipse.microprofile.config.ConfigProvider;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * natscap's composition root, started with the application: reads the {@code cap.*} options,
 * opens the tables, leases a worker id, wires the outbox, and runs the processors on the
 * container's managed scheduler (not EJB timers, which Payara Micro would persist in its data
 * grid). It hands its parts to natscap's beans through CDI producers, and to nobody else.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class CapRuntime {

    private static final Logger LOG = Logger.getLogger(CapRuntime.class.getName());

    @Resource
    private ManagedExecutorService executor;

    @Resource
    private ManagedScheduledExecutorService scheduler;

    @Resource
    private TransactionSynchronizationRegistry transactions;

    @Inject
    private Event<RetriesExhausted> exhaustedEvents;

    @Inject
    @Any
    private Instance<CapObserver> observerBeans;

    @Inject
    @Any
    private Instance<CapTracing> tracingBeans;

    private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();
    private final ProcessorLoops loops = new ProcessorLoops();
    private CapOptions options;
    private PublishedStore published;
    private ReceivedStore received;
    private MessageFactory messages;
    private OutboxDispatcher dispatcher;
    private Outbox outbox;
    private WorkerIdRenewal workerIds;
    private Observers observers = Observers.NONE;
    private Tracing tracing = Tracing.of(null);

    /** Outside any transaction: a failed statement at start-up must not doom the others (PostgreSQL). */
    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void start() {
        options = CapOptions.from(ConfigProvider.getConfig(), applicationName());
        DataSource dataSource = lookup(options.dataSource(), DataSource.class, "cap.dataSource");
        NatsConnectionFactory nats = lookup(options.connectionFactory(), NatsConnectionFactory.class, "cap.connectionFactory");
        Database database;
        try {
            database = Database.open(dataSource, options.tablePrefix(), options.dataSource());
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create natscap's tables (" + options.tablePrefix() + "_published ...) in "
                    + options.dataSource() + ": " + e.getMessage(), e);
        }
        SnowflakeId ids;
        if (options.workerId().isPresent()) {
            ids = new SnowflakeId(options.workerId().get());
        } else {
            String instance = instanceName();
            WorkerIdLease lease = leaseWorkerId(database, instance);
            ids = new SnowflakeId(lease.workerId());
            workerIds = new WorkerIdRenewal(database, instance, lease, ids);
        }
        published = new PublishedStore(database, options.names().version());
        received = new ReceivedStore(database, options.names().version());
        tracing = Tracing.of(tracingBeans.stream().findFirst().orElse(null));
        messages = new MessageFactory(options, ids, tracing);
        observers = new Observers(observerBeans.stream().toList());
        dispatcher = new OutboxDispatcher(published, nats, options, messages, executor, exhaustedEvents::fire, observers);
        outbox = new Outbox(new OutboxWriter(published, options), dispatcher, transactions);

        RetryProcessor retry = new RetryProcessor(published, dispatcher, options);
        Duration second = Duration.ofSeconds(1);
        schedule(new ProcessorLoop("outbox retry processor", options.failedRetryInterval(), retry), second);
        schedule(new ProcessorLoop("delayed-message processor", second, new DelayedProcessor(published, dispatcher, options)),
                second);
        schedule(new ProcessorLoop("expiry collector", options.collectorCleaningInterval(),
                new ExpiryCollector(published, received, options)), options.collectorCleaningInterval());
        schedule(new ProcessorLoop("transport check", second, new TransportCheck(dispatcher, retry)), second);
        if (workerIds != null) {
            Duration renewal = WorkerIdLease.TIME_TO_LIVE.dividedBy(3);
            schedule(new ProcessorLoop("worker id renewal", renewal, workerIds), renewal);
        }
        LOG.info(() -> "natscap started: " + database.dialect() + " tables " + options.tablePrefix()
                + "_* in " + options.dataSource() + ", NATS from " + options.connectionFactory());
    }

    private WorkerIdLease leaseWorkerId(Database database, String instance) {
        try {
            return WorkerIdLease.acquire(database, instance);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot lease a snowflake worker id in " + options.tablePrefix() + "_lock: "
                    + e.getMessage() + "; set cap.workerId (unique per instance) instead", e);
        }
    }

    /** The application's name (CAP's default group is named after it), as the container knows it. */
    private static String applicationName() {
        try {
            return InitialContext.doLookup("java:app/AppName");
        } catch (NamingException e) {
            LOG.warning(() -> "No java:app/AppName (" + e.getMessage() + "): the default group is cap.queue.natscap; "
                    + "set " + CapOptions.DEFAULT_GROUP_NAME + " to name it");
            return "natscap";
        }
    }

    private static String instanceName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + ":" + ProcessHandle.current().pid() + ":" + UUID.randomUUID().toString().substring(0, 8);
    }

    private void schedule(ProcessorLoop loop, Duration firstDelay) {
        loops.add(loop);
        scheduled.add(scheduler.scheduleWithFixedDelay(loop, firstDelay.toMillis(), loop.interval().toMillis(),
                TimeUnit.MILLISECONDS));
    }

    @PreDestroy
    void stop() {
        if (dispatcher != null) {
            dispatcher.stop();
        }
        scheduled.forEach(loop -> loop.cancel(false));
        if (workerIds != null) {
            try {
                workerIds.release();
            } catch (SQLException e) {
                LOG.log(Level.FINE, "Could not give the worker id back; its lease runs out by itself", e);
            }
        }
    }

    private static <T> T lookup(String name, Class<T> type, String option) {
        try {
            return type.cast(InitialContext.doLookup(name));
        } catch (NamingException | ClassCastException e) {
            throw new IllegalStateException(option + "=" + name + " does not name a " + type.getSimpleName()
                    + " in JNDI: " + e.getMessage(), e);
        }
    }

    // natscap's beans get their collaborators here (CDI producers); applications use CapPublisher and CapMonitor

    @Produces
    public CapOptions options() {
        return options;
    }

    @Produces
    public PublishedStore publishedStore() {
        return published;
    }

    @Produces
    public ReceivedStore receivedStore() {
        return received;
    }

    @Produces
    public MessageFactory messageFactory() {
        return messages;
    }

    @Produces
    public OutboxDispatcher dispatcher() {
        return dispatcher;
    }

    @Produces
    public Outbox outbox() {
        return outbox;
    }

    @Produces
    public ProcessorLoops processorLoops() {
        return loops;
    }

    @Produces
    public Observers observers() {
        return observers;
    }

    @Produces
    public Tracing tracing() {
        return tracing;
    }
}
