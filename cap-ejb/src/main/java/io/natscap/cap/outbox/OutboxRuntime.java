package io.natscap.cap.outbox;

import io.natscap.cap.RetriesExhausted;
import io.natscap.cap.config.CapOptions;
import io.natscap.cap.processors.DelayedProcessor;
import io.natscap.cap.processors.ExpiryCollector;
import io.natscap.cap.processors.RetryProcessor;
import io.natscap.cap.processors.TransportCheck;
import io.natscap.cap.storage.MessageStore;
import io.natscap.nats.NatsConnectionFactory;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.eclipse.microprofile.config.ConfigProvider;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The outbox of this application, started with it: reads the {@code cap.*} options, creates the
 * tables, and runs the dispatcher and the processors (retry, delayed, expiry, transport check) on
 * the container's managed executors. Processors are not EJB timers, which Payara Micro would
 * persist in its data grid.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class OutboxRuntime {

    private static final Logger LOG = Logger.getLogger(OutboxRuntime.class.getName());

    @Resource
    private ManagedExecutorService executor;

    @Resource
    private ManagedScheduledExecutorService scheduler;

    @Inject
    private Event<RetriesExhausted> exhaustedEvents;

    @Resource
    private TransactionSynchronizationRegistry transactions;

    /** Key of a transaction's to-be-sent messages in the synchronization registry. */
    private final Object pendingKey = new Object();

    private final List<ScheduledFuture<?>> loops = new ArrayList<>();
    private CapOptions options;
    private MessageStore store;
    private MessageFactory messages;
    private OutboxWriter writer;
    private OutboxDispatcher dispatcher;

    @PostConstruct
    void start() {
        options = CapOptions.from(ConfigProvider.getConfig());
        DataSource dataSource = lookup(options.dataSource(), DataSource.class, "cap.dataSource");
        NatsConnectionFactory nats = lookup(options.connectionFactory(), NatsConnectionFactory.class, "cap.connectionFactory");
        try {
            store = MessageStore.open(dataSource, options.tablePrefix());
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the outbox tables (" + options.tablePrefix() + "_published ...) in "
                    + options.dataSource() + ": " + e.getMessage(), e);
        }
        messages = new MessageFactory(options, new SnowflakeId(options.workerId().orElseGet(SnowflakeId::defaultWorkerId)));
        writer = new OutboxWriter(store, options);
        dispatcher = new OutboxDispatcher(store, nats, options, messages, executor, exhaustedEvents::fire);
        RetryProcessor retry = new RetryProcessor(store, dispatcher, options);
        long interval = options.failedRetryInterval().toSeconds();
        long cleaning = options.collectorCleaningInterval().toSeconds();
        loops.add(scheduler.scheduleWithFixedDelay(retry, 1, interval, TimeUnit.SECONDS));
        loops.add(scheduler.scheduleWithFixedDelay(new DelayedProcessor(store, dispatcher, options), 1, 1, TimeUnit.SECONDS));
        loops.add(scheduler.scheduleWithFixedDelay(new ExpiryCollector(store, options), cleaning, cleaning, TimeUnit.SECONDS));
        loops.add(scheduler.scheduleWithFixedDelay(new TransportCheck(dispatcher, nats, retry), 1, 1, TimeUnit.SECONDS));
        LOG.info(() -> "natscap outbox started: " + store.dialect() + " tables " + options.tablePrefix()
                + "_*, NATS from " + options.connectionFactory());
    }

    @PreDestroy
    void stop() {
        if (dispatcher != null) {
            dispatcher.stop();
        }
        loops.forEach(loop -> loop.cancel(false));
    }

    /**
     * Stores a message in the current transaction and has it sent once that transaction commits
     * (a delayed one waits for its time instead). Nothing is sent after a rollback.
     */
    public void publishInCurrentTransaction(OutboxMessage message, Duration delay) throws SQLException {
        if (writer.write(message, delay)) {
            sendAfterCommit(message);
        }
    }

    @SuppressWarnings("unchecked")
    private void sendAfterCommit(OutboxMessage message) {
        List<OutboxMessage> pending = (List<OutboxMessage>) transactions.getResource(pendingKey);
        if (pending == null) {
            List<OutboxMessage> committed = new ArrayList<>();
            transactions.putResource(pendingKey, committed);
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        dispatcher.dispatchLater(committed);
                    }
                }
            });
            pending = committed;
        }
        pending.add(message);
    }

    private static <T> T lookup(String name, Class<T> type, String option) {
        try {
            return type.cast(InitialContext.doLookup(name));
        } catch (NamingException | ClassCastException e) {
            throw new IllegalStateException(option + "=" + name + " does not name a " + type.getSimpleName()
                    + " in JNDI: " + e.getMessage(), e);
        }
    }

    public CapOptions options() {
        return options;
    }

    public MessageStore store() {
        return store;
    }

    public MessageFactory messages() {
        return messages;
    }

    public OutboxWriter writer() {
        return writer;
    }

    public OutboxDispatcher dispatcher() {
        return dispatcher;
    }
}
