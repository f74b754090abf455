package io.natscap.cap.runtime;

import io.natscap.cap.CapHeaders;
import io.natscap.cap.CapMonitor;
import io.natscap.cap.MessagePage;
import io.natscap.cap.MessageQuery;
import io.natscap.cap.MessageStatus;
import io.natscap.cap.MonitoredMessage;
import io.natscap.cap.config.CapOptions;
import io.natscap.cap.diagnostics.Observers;
import io.natscap.cap.messages.CapMessage;
import io.natscap.cap.outbox.OutboxDispatcher;
import io.natscap.cap.processors.ProcessorLoops;
import io.natscap.cap.storage.Database;
import io.natscap.cap.storage.PublishedStore;
import io.natscap.cap.storage.ReceivedStore;
import io.natscap.cap.storage.StoredMessage;
import io.natscap.nats.NatsAdapterStatus;
import jakarta.ejb.Local;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.logging.Logger;

/**
 * {@link CapMonitor} as a stateless bean. Outside any transaction: an operator's requeue sends
 * at once, which must not wait for a transaction of the caller's to commit the row's new state.
 */
@Stateless(name = "CapMonitor")
@Local(CapMonitor.class)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class CapMonitorBean implements CapMonitor {

    private static final Logger LOG = Logger.getLogger(CapMonitorBean.class.getName());

    @Inject
    private PublishedStore published;

    @Inject
    private ReceivedStore received;

    @Inject
    private OutboxDispatcher dispatcher;

    @Inject
    private CapOptions options;

    @Inject
    private ProcessorLoops loops;

    @Inject
    private Observers observers;

    /** For the container. */
    public CapMonitorBean() {
    }

    /** Outside a container (tests): the collaborators the container would inject. */
    public CapMonitorBean(PublishedStore published, ReceivedStore received, OutboxDispatcher dispatcher, CapOptions options,
                          ProcessorLoops loops, Observers observers) {
        this.published = published;
        this.received = received;
        this.dispatcher = dispatcher;
        this.options = options;
        this.loops = loops;
        this.observers = observers;
    }

    @Override
    public Map<MessageStatus, Long> publishedCounts() {
        return read(published::countByStatus);
    }

    @Override
    public Map<MessageStatus, Long> receivedCounts() {
        return read(() -> received.countByStatus(null));
    }

    @Override
    public Map<MessageStatus, Long> receivedCounts(String group) {
        return read(() -> received.countByStatus(group));
    }

    @Override
    public Backlog backlog() {
        return read(() -> published.backlog(options.failedRetryCount(), Instant.now()));
    }

    @Override
    public boolean transportDown() {
        return dispatcher.transportDown();
    }

    @Override
    public NatsStatus nats() {
        String unavailable = dispatcher.natsUnavailable();
        return unavailable == null ? new NatsStatus(true, "CONNECTED") : new NatsStatus(false, unavailable);
    }

    @Override
    public NatsAdapterStatus natsAdapter() {
        return dispatcher.natsAdapter();
    }

    @Override
    public List<HourlyCounts> hourly(Instant from) {
        return read(() -> {
            Map<Instant, Map<MessageStatus, Long>> sent = byHour(published.hourlyCounts(from));
            Map<Instant, Map<MessageStatus, Long>> got = byHour(received.hourlyCounts(from));
            TreeSet<Instant> hours = new TreeSet<>(sent.keySet());
            hours.addAll(got.keySet());
            return hours.stream()
                    .map(hour -> new HourlyCounts(hour, sent.getOrDefault(hour, Map.of()), got.getOrDefault(hour, Map.of())))
                    .toList();
        });
    }

    private static Map<Instant, Map<MessageStatus, Long>> byHour(List<Database.HourCount> counts) {
        Map<Instant, Map<MessageStatus, Long>> byHour = new HashMap<>();
        for (Database.HourCount count : counts) {
            byHour.computeIfAbsent(count.hour(), h -> new EnumMap<>(MessageStatus.class))
                    .merge(count.status(), count.messages(), Long::sum);
        }
        return byHour;
    }

    @Override
    public List<ProcessorStatus> processors() {
        return loops.all().stream()
                .map(loop -> new ProcessorStatus(loop.name(), loop.interval(), loop.lastPassEnded(), loop.lastPassFailed()))
                .toList();
    }

    @Override
    public MessagePage published(MessageQuery query) {
        return read(() -> published.list(query));
    }

    @Override
    public MessagePage received(MessageQuery query) {
        return read(() -> received.list(query));
    }

    @Override
    public Optional<MonitoredMessage> publishedMessage(long messageId) {
        return read(() -> published.get(messageId));
    }

    @Override
    public Optional<MonitoredMessage> receivedMessage(long id) {
        return read(() -> received.get(id));
    }

    @Override
    public boolean requeue(long messageId) {
        Optional<MonitoredMessage> row = publishedMessage(messageId);
        if (row.isEmpty()) {
            return false;
        }
        Instant now = Instant.now();
        CapMessage message = CapMessage.fromContent(messageId, row.get().name(), row.get().content()).requeued(now);
        Optional<StoredMessage> claimed = read(() -> published.requeue(messageId, message.content(), now.plus(options.claimLease())));
        if (claimed.isEmpty()) {
            return false; // deleted meanwhile
        }
        LOG.info(() -> "Operator requeued published message " + messageId + " ('" + message.name() + "')");
        dispatcher.sendStored(List.of(claimed.get()));
        return true;
    }

    @Override
    public boolean reExecute(long id) {
        Optional<MonitoredMessage> found = receivedMessage(id);
        if (found.isEmpty()) {
            return false;
        }
        MonitoredMessage row = found.get();
        CapMessage stored = CapMessage.fromContent(row.messageId(), row.name(), row.content());
        Map<String, String> headers = new LinkedHashMap<>(stored.headers());
        headers.remove(CapHeaders.EXCEPTION);
        headers.remove(CapHeaders.GROUP);
        headers.put(CapHeaders.RE_EXECUTE_GROUP, row.group());
        headers.put(CapHeaders.NATS_MESSAGE_ID, row.messageId() + "-reexecuted-" + Instant.now().toEpochMilli());
        CapMessage copy = new CapMessage(row.messageId(), row.name(), headers, stored.valueJson());
        // the row first: the subscriber may get the copy before this method returns
        if (!read(() -> received.reExecute(id))) {
            return false;
        }
        dispatcher.sendNow(copy);
        observers.reExecuted(row.name(), row.group());
        LOG.info(() -> "Operator re-executes received message " + row.messageId() + " ('" + row.name() + "') in group "
                + row.group());
        return true;
    }

    @Override
    public boolean deletePublished(long messageId) {
        return read(() -> published.delete(messageId));
    }

    @Override
    public boolean deleteReceived(long id) {
        return read(() -> received.delete(id));
    }

    private static <T> T read(Sql<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw new IllegalStateException("natscap's tables cannot be read or changed now: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Sql<T> {
        T run() throws SQLException;
    }
}
