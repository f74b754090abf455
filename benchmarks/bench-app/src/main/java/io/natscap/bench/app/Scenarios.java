package io.natscap.bench.app;

import io.nats.client.Connection;
import io.nats.client.ConsumeOptions;
import io.nats.client.ConsumerContext;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.MessageConsumer;
import io.nats.client.PurgeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.natscap.nats.NatsConnection;
import io.natscap.nats.NatsConnectionFactory;
import io.natscap.nats.StreamDefinition;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import jakarta.transaction.UserTransaction;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import java.sql.DatabaseMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cases, one endpoint each. Every call runs one measured run in the server and answers with
 * what it counted; the runner turns counts and times into rates.
 */
@Path("")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class Scenarios {

    static final String OUTBOX_STREAM = "benchtx";
    static final String OUTBOX_SUBJECT = "benchtx.created";
    /** Case 1b: into the outbox's stream, but no bean subscribes to it. */
    static final String UNCONSUMED_SUBJECT = "benchtx.unconsumed";
    static final String NAIVE_STREAM = "benchnaive";
    static final String NAIVE_SUBJECT = "benchnaive.created";
    static final String RECOVERY_STREAM = "benchrecovery";
    static final String RECOVERY_SUBJECT = RECOVERY_STREAM + ".created";
    static final String CORE_SUBJECT = "benchcore.published";
    static final String PUBLISH_STREAM = "benchpublish";
    static final String PUBLISH_SUBJECT = "benchpublish.published";
    static final String CONSUME_STREAM = "benchconsume";
    static final String CONSUME_MDB_SUBJECT = "benchconsume.mdb";
    static final String CONSUME_RAW_SUBJECT = "benchconsume.raw";
    /** Case 3b and 3c's subscribers: this, then their concurrency. */
    static final String CONSUME_CAP_SUBJECT = "benchconsume.cap";
    /** Case 3b's cap-msg-ids: unique across runs of one server. */
    private static final AtomicLong CAP_IDS = new AtomicLong(System.currentTimeMillis() * 1000);
    /** Case 2's burst: messages published through one borrowed handle. */
    static final int BURST = 100;
    static final String CONSUME_TX_SUBJECT = "benchconsume.tx";
    /** Deliveries each case-1 subscriber runs at once (the adapter's default is 1). */
    static final String SUBSCRIBER_CONCURRENCY = "4";
    /** How long a run may wait for its subscriber or consumer to catch up before it reports a shortfall. */
    private static final Duration CATCH_UP_LIMIT = Duration.ofMinutes(5);

    @Resource(lookup = "jca/nats")
    private NatsConnectionFactory pool;

    @Resource
    private ManagedThreadFactory threads;

    @Resource
    private ManagedExecutorService executor;

    @Inject
    private Transactions transactions;

    @Inject
    private RawNats raw;

    @Inject
    private SteadyPublisher steady;

    /** The database and the payload, for the report. */
    @GET
    @Path("info")
    public JsonObject info() throws Exception {
        DataSource dataSource = Transactions.database(BenchSettings.dataSourceName());
        try (java.sql.Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            return Json.createObjectBuilder()
                    .add("dataSource", BenchSettings.dataSourceName())
                    .add("database", meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion())
                    .add("jdbcUrl", meta.getURL())
                    .add("payloadBytes", BenchEvent.of(1).json().length)
                    .add("subscriberConcurrency", Integer.parseInt(SUBSCRIBER_CONCURRENCY))
                    .build();
        }
    }

    /** Empties the business table, the outbox (unless {@code keepOutbox}) and the inbox, and the counters: each run starts alike. */
    @POST
    @Path("reset")
    public JsonObject reset(@QueryParam("keepOutbox") @DefaultValue("false") boolean keepOutbox) throws Exception {
        DataSource dataSource = Transactions.database(BenchSettings.dataSourceName());
        try (java.sql.Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(Transactions.CREATE_TABLE);
            statement.execute("TRUNCATE TABLE " + Transactions.TABLE);
            statement.execute("TRUNCATE TABLE " + BenchSettings.tablePrefix() + "_received");
            if (!keepOutbox) { // case 1c keeps its million old rows
                statement.execute("TRUNCATE TABLE " + BenchSettings.tablePrefix() + "_published");
            }
        }
        Counter.OUTBOX_SUBSCRIBER.reset();
        Counter.NAIVE_SUBSCRIBER.reset();
        return Json.createObjectBuilder().add("reset", true).build();
    }

    /**
     * Case 1: {@code callers} threads run business transactions for {@code seconds}. bare: the
     * row alone. outbox: the row and an event through CapPublisher, counted when the CAP
     * subscriber has processed it. unconsumed: the same, on a subject no bean consumes (the
     * outbox still sends it), counted at the commit. naive: the row committed, then a synchronous JetStream publish
     * over the pool, counted when a plain bean has received it.
     */
    @POST
    @Path("transactions")
    public JsonObject transactions(@QueryParam("variant") String variant, @QueryParam("callers") @DefaultValue("1") int callers,
                                   @QueryParam("seconds") @DefaultValue("10") int seconds) throws Exception {
        Callers.Call call;
        Counter counter;
        switch (String.valueOf(variant)) {
            case "bare" -> {
                counter = null;
                call = sequence -> transactions.insert(BenchEvent.of(sequence));
            }
            case "outbox" -> {
                counter = Counter.OUTBOX_SUBSCRIBER;
                call = sequence -> transactions.insertAndPublish(BenchEvent.of(sequence), OUTBOX_SUBJECT);
            }
            case "unconsumed" -> { // case 1b: what the caller pays for publish, with no subscriber working beside it
                counter = null;
                call = sequence -> transactions.insertAndPublish(BenchEvent.of(sequence), UNCONSUMED_SUBJECT);
            }
            case "naive" -> {
                counter = Counter.NAIVE_SUBSCRIBER;
                call = sequence -> {
                    BenchEvent event = BenchEvent.of(sequence);
                    transactions.insert(event);
                    try (NatsConnection nats = pool.getConnection()) {
                        nats.jetStreamPublish(NAIVE_SUBJECT, null, event.json(), null);
                    }
                };
            }
            default -> throw badRequest("variant must be bare, outbox, unconsumed or naive, was " + variant);
        }
        long before = counter == null ? 0 : counter.count();
        long start = System.nanoTime();
        Callers.Outcome outcome = Callers.run(threads, callers, Duration.ofSeconds(seconds), call);
        LastRun.started(counter, before, start, outcome);
        return outcome(outcome).build();
    }

    /**
     * Case 1, after {@link #transactions}: whether the subscriber has processed every transaction
     * of the last run, and the time from the run's start to the last one processed. Asked again
     * and again by the runner: a request that waited for a lagging subscriber would outlive the
     * HTTP listener's time-out.
     */
    @GET
    @Path("transactions/progress")
    public JsonObject progress() {
        return LastRun.progress();
    }

    /**
     * Case 2: publishes for {@code seconds} from {@code callers} threads, core or JetStream (a
     * synchronous publish that waits for the stream's ack). pooled: borrow, publish, close per
     * message through jca/nats; burst: one borrowed handle per {@value #BURST} messages (the pattern
     * README recommends for a burst); raw: one shared jnats connection. Counts messages.
     */
    @POST
    @Path("publish")
    public JsonObject publish(@QueryParam("mode") String mode, @QueryParam("kind") String kind,
                              @QueryParam("callers") @DefaultValue("1") int callers,
                              @QueryParam("seconds") @DefaultValue("10") int seconds) throws Exception {
        byte[] body = BenchEvent.of(0).json();
        boolean jetStream = switch (String.valueOf(kind)) {
            case "core" -> false;
            case "jetstream" -> true;
            default -> throw badRequest("kind must be core or jetstream, was " + kind);
        };
        Connection shared = raw.connection();
        if (jetStream) {
            ensureStream(PUBLISH_STREAM, PUBLISH_SUBJECT);
            shared.jetStreamManagement().purgeStream(PUBLISH_STREAM);
        }
        JetStream js = shared.jetStream();
        Callers.Call call = switch (String.valueOf(mode)) {
            case "pooled" -> jetStream
                    ? sequence -> {
                        try (NatsConnection nats = pool.getConnection()) {
                            nats.jetStreamPublish(PUBLISH_SUBJECT, null, body, null);
                        }
                    }
                    : sequence -> {
                        try (NatsConnection nats = pool.getConnection()) {
                            nats.publish(CORE_SUBJECT, null, body);
                        }
                    };
            case "burst" -> sequence -> {
                try (NatsConnection nats = pool.getConnection()) {
                    for (int i = 0; i < BURST; i++) {
                        if (jetStream) {
                            nats.jetStreamPublish(PUBLISH_SUBJECT, null, body, null);
                        } else {
                            nats.publish(CORE_SUBJECT, null, body);
                        }
                    }
                }
            };
            case "raw" -> jetStream
                    ? sequence -> js.publish(PUBLISH_SUBJECT, body)
                    : sequence -> shared.publish(CORE_SUBJECT, body);
            default -> throw badRequest("mode must be pooled, burst or raw, was " + mode);
        };
        Callers.Outcome outcome = Callers.run(threads, callers, Duration.ofSeconds(seconds), call);
        JsonObjectBuilder result = outcome(outcome).add("endToEndMillis", outcome.nanos() / 1_000_000.0);
        if (mode.equals("burst")) {
            result.add("completed", outcome.completed() * BURST); // messages, not calls
        }
        if (jetStream) {
            result.add("inStream", shared.jetStreamManagement().getStreamInfo(PUBLISH_STREAM).getStreamState().getMsgCount());
        }
        return result.build();
    }

    /**
     * The consumers of cases 3 and 3b, each on its own subject of {@link #CONSUME_STREAM}. mdb: the
     * {@link GatedConsumer} bean, counting; raw: a jnats pull consumer ({@code consume} with its
     * defaults) in this JVM, acking each message; cap: the {@link GatedCapSubscriber} bean, inbox
     * and one business row in the bean's transaction; tx: what a Jakarta EE developer writes by
     * hand instead of a bean: a jnats {@code consume()} handler that runs the same business method
     * in a UserTransaction on the container's ManagedExecutorService, as many at once as the bean's
     * concurrency, and acks after the commit.
     */
    private enum Mode {
        MDB(CONSUME_MDB_SUBJECT, Counter.GATED_CONSUMER, false), RAW(CONSUME_RAW_SUBJECT, null, false),
        MDB100(CONSUME_MDB_SUBJECT + "100", Counter.GATED_CONSUMER_BATCH_100, false),
        CAP(CONSUME_CAP_SUBJECT + "4", Counter.GATED_CAP_SUBSCRIBER_4, true), TX(CONSUME_TX_SUBJECT, null, true),
        /* case 3c: the CAP subscriber at other concurrencies */
        CAP1(CONSUME_CAP_SUBJECT + "1", Counter.GATED_CAP_SUBSCRIBER_1, true),
        CAP2(CONSUME_CAP_SUBJECT + "2", Counter.GATED_CAP_SUBSCRIBER_2, true),
        CAP8(CONSUME_CAP_SUBJECT + "8", Counter.GATED_CAP_SUBSCRIBER_8, true);

        final String subject;
        /** A bean's counter (it waits at the gate), or null for a consumer this JVM starts per run. */
        final Counter bean;
        /** Whether each message writes a business row and carries CAP's headers (cases 3b, 3c). */
        final boolean transactional;

        Mode(String subject, Counter bean, boolean transactional) {
            this.subject = subject;
            this.bean = bean;
            this.transactional = transactional;
        }

        static Mode of(String mode) {
            try {
                return valueOf(String.valueOf(mode).toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw badRequest("mode must be mdb, mdb100, raw, cap, tx, cap1, cap2 or cap8, was " + mode);
            }
        }
    }

    /** Cases 3 and 3b: times the consumption of the backlog {@link #backlog} put into the mode's subject ({@code count} messages). */
    @POST
    @Path("consume")
    @SuppressWarnings("try") // the consumer's close() declares InterruptedException; the method waits anyway
    public JsonObject consume(@QueryParam("mode") String modeName, @QueryParam("count") @DefaultValue("100000") int count)
            throws Exception {
        Mode mode = Mode.of(modeName);
        Connection shared = raw.connection();
        JetStreamManagement jsm = shared.jetStreamManagement();
        long start;
        long end;
        long consumed;
        if (mode.bean != null) {
            start = System.nanoTime();
            Gate.open();
            mode.bean.awaitCount(count, CATCH_UP_LIMIT);
            Gate.close();
            consumed = mode.bean.count();
            end = mode.bean.lastNanos();
        } else {
            String durable = mode.name().toLowerCase(java.util.Locale.ROOT);
            try {
                jsm.deleteConsumer(CONSUME_STREAM, durable);
            } catch (JetStreamApiException absent) {
                // first run: there is none yet
            }
            ConsumerContext context = shared.getStreamContext(CONSUME_STREAM).createOrUpdateConsumer(
                    ConsumerConfiguration.builder().durable(durable).filterSubject(mode.subject).ackPolicy(AckPolicy.Explicit)
                            .deliverPolicy(DeliverPolicy.All).build());
            AtomicLong received = new AtomicLong();
            AtomicLong last = new AtomicLong();
            CountDownLatch all = new CountDownLatch(1);
            Runnable counted = () -> {
                if (received.incrementAndGet() == count) {
                    last.set(System.nanoTime());
                    all.countDown();
                }
            };
            io.nats.client.MessageHandler handler = mode == Mode.RAW
                    ? message -> {
                        message.ack();
                        counted.run();
                    }
                    : handWrittenTransactional(counted);
            start = System.nanoTime();
            try (MessageConsumer consumer = context.consume(ConsumeOptions.DEFAULT_CONSUME_OPTIONS, handler)) {
                all.await(CATCH_UP_LIMIT.toSeconds(), TimeUnit.SECONDS);
            }
            consumed = received.get();
            end = last.get() == 0 ? System.nanoTime() : last.get();
        }
        return Json.createObjectBuilder()
                .add("completed", consumed)
                .add("errors", count - Math.min(consumed, count))
                .add("endToEndMillis", (end - start) / 1_000_000.0)
                .build();
    }

    /** Case 3b's baseline, as written without natscap: business method in a UserTransaction, ack after commit. */
    private io.nats.client.MessageHandler handWrittenTransactional(Runnable counted) throws NamingException {
        Semaphore slots = new Semaphore(Integer.parseInt(SUBSCRIBER_CONCURRENCY));
        // looked up once, as a hand-written consumer would hold it; it is bound to whichever thread begins
        UserTransaction transaction = InitialContext.doLookup("java:comp/UserTransaction");
        return message -> {
            slots.acquire();
            executor.execute(() -> {
                try {
                    transaction.begin();
                    try {
                        transactions.insertConsumed("tx-" + message.metaData().streamSequence(), BenchEvent.of(0));
                        transaction.commit();
                    } catch (Exception e) {
                        transaction.rollback();
                        throw e;
                    }
                    message.ack();
                    counted.run();
                } catch (Exception e) {
                    message.nak(); // delivered again; the run then counts it when it succeeds
                } finally {
                    slots.release();
                }
            });
        };
    }

    /**
     * Cases 3 and 3b, before {@link #consume}: empties the mode's subject (and, for 3b, the business
     * table and the inbox) on the first call of a run ({@code fresh}), then adds {@code count}
     * messages; the runner calls it in slices so that no request outlives the HTTP listener's
     * time-out. The beans wait at their gate meanwhile.
     */
    @POST
    @Path("consume/backlog")
    public JsonObject backlog(@QueryParam("mode") String modeName, @QueryParam("count") int count,
                              @QueryParam("fresh") @DefaultValue("false") boolean fresh) throws Exception {
        Mode mode = Mode.of(modeName);
        Connection shared = raw.connection();
        if (fresh) {
            ensureStream(CONSUME_STREAM, mode.subject);
            // purging a subject of a million and more messages outlasts jnats' default 2 s request time-out on 2 cores
            shared.jetStreamManagement(JetStreamOptions.builder().requestTimeout(Duration.ofMinutes(1)).build())
                    .purgeStream(CONSUME_STREAM, PurgeOptions.subject(mode.subject));
            if (mode.transactional) {
                DataSource dataSource = Transactions.database(BenchSettings.dataSourceName());
                try (java.sql.Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                    statement.execute(Transactions.CREATE_CONSUMED_TABLE);
                    statement.execute("TRUNCATE TABLE " + Transactions.CONSUMED_TABLE);
                    statement.execute("TRUNCATE TABLE " + BenchSettings.tablePrefix() + "_received");
                }
            }
            if (mode.bean != null) {
                Gate.close();
                mode.bean.reset();
            }
        }
        publishBacklog(shared.jetStream(), mode.subject, count, mode.transactional);
        return Json.createObjectBuilder().add("published", count).build();
    }

    /** Case 4: starts outbox transactions at a steady {@code rate} per second, until stopped. */
    @POST
    @Path("steady/start")
    public JsonObject startSteady(@QueryParam("rate") @DefaultValue("200") int rate) throws Exception {
        // the stream holds this run's events only: the runner reads it back and counts them
        try {
            raw.connection().jetStreamManagement().purgeStream(RECOVERY_STREAM);
        } catch (JetStreamApiException absent) {
            // the first run: the outbox creates the stream with its first event
        }
        steady.start(threads, rate, RECOVERY_SUBJECT);
        return Json.createObjectBuilder().add("subject", RECOVERY_SUBJECT).add("stream", RECOVERY_STREAM).build();
    }

    /** Stops the steady publisher: what it committed (message ids), and what the application saw fail. */
    @POST
    @Path("steady/stop")
    public JsonObject stopSteady() throws InterruptedException {
        return steady.stop();
    }

    private void ensureStream(String stream, String subject) throws Exception {
        try (NatsConnection nats = pool.getConnection()) {
            nats.ensureStream(StreamDefinition.fileStream(stream, List.of(subject), Duration.ofMinutes(2)));
        }
    }

    /** Publishes asynchronously, at most 10,000 acks outstanding, and waits for every ack. */
    /** A backlog of {@code count} messages; with {@code capHeaders} (case 3b, both sides alike) each has a cap-msg-id and cap-msg-name. */
    private static void publishBacklog(JetStream js, String subject, int count, boolean capHeaders) throws Exception {
        byte[] body = BenchEvent.of(0).json();
        List<CompletableFuture<PublishAck>> acks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (capHeaders) {
                Headers headers = new Headers();
                headers.put("cap-msg-id", Long.toString(CAP_IDS.incrementAndGet()));
                headers.put("cap-msg-name", subject);
                acks.add(js.publishAsync(NatsMessage.builder().subject(subject).headers(headers).data(body).build()));
            } else {
                acks.add(js.publishAsync(subject, body));
            }
            if (acks.size() == 10_000) {
                for (CompletableFuture<PublishAck> ack : acks) {
                    ack.get(30, TimeUnit.SECONDS);
                }
                acks.clear();
            }
        }
        for (CompletableFuture<PublishAck> ack : acks) {
            ack.get(30, TimeUnit.SECONDS);
        }
    }

    private static JsonObjectBuilder outcome(Callers.Outcome outcome) {
        JsonObjectBuilder result = Json.createObjectBuilder()
                .add("completed", outcome.completed())
                .add("errors", outcome.errors())
                .add("windowMillis", outcome.nanos() / 1_000_000.0);
        if (outcome.firstError() != null) {
            result.add("firstError", outcome.firstError());
        }
        return result;
    }

    private static WebApplicationException badRequest(String message) {
        return new WebApplicationException(Response.status(Response.Status.BAD_REQUEST)
                .entity(Map.of("error", message)).type(MediaType.APPLICATION_JSON).build());
    }
}
