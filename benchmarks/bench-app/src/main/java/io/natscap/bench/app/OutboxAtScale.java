package io.natscap.bench.app;

import io.natscap.cap.config.CapOptions;
import io.natscap.cap.storage.Database;
import io.natscap.cap.storage.PublishedStore;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.ConfigProvider;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outbox under load of data rather than of callers: a table holding a million old rows (case
 * 1c), and a backlog committed while nats-server is down (case 6). The runner stops and starts
 * nats-server; this side fills the table and reports what is in it.
 */
@Path("outbox")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class OutboxAtScale {

    /** Case 6's events: a stream of their own, made by the outbox with the first send. */
    static final String DRAIN_SUBJECT = "benchdrain.created";
    /** Events per transaction while case 6 fills its backlog: the commits are not what it measures. */
    private static final int EVENTS_PER_TRANSACTION = 500;
    private static final AtomicLong SEQUENCE = new AtomicLong();

    @Inject
    private Transactions transactions;

    /**
     * Case 1c: adds {@code rows} rows as sent events leave them, Succeeded and kept for a week
     * (cap.succeedMessageExpiredAfter is one day by default; a busy service keeps a day's events),
     * with ids below any Snowflake id, then has PostgreSQL gather the table's statistics, as
     * autovacuum would after such growth. PostgreSQL only.
     */
    @POST
    @Path("old-rows")
    public JsonObject addOldRows(@QueryParam("rows") int rows) throws Exception {
        String table = BenchSettings.tablePrefix() + "_published";
        long start = System.nanoTime();
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            requirePostgreSql(connection);
            statement.execute("INSERT INTO " + table + " (Id, Version, Name, Content, Retries, Added, ExpiresAt, StatusName) "
                    + "SELECT g, 'v1', 'benchold.created', repeat('x', " + BenchEvent.JSON_BYTES + "), 0, "
                    + "now() - interval '1 day', now() + interval '7 days', 'Succeeded' FROM generate_series(1, " + rows + ") g");
            statement.execute("ANALYZE " + table);
        }
        return Json.createObjectBuilder().add("rows", rows).add("millis", (System.nanoTime() - start) / 1_000_000).build();
    }

    /** Case 1c: how the database plans each of the processors' statements against the table as it is now. */
    @GET
    @Path("plans")
    public JsonObject plans() throws Exception {
        CapOptions options = CapOptions.from(ConfigProvider.getConfig(), "bench");
        PublishedStore store = new PublishedStore(Database.open(dataSource(), options.tablePrefix(), options.dataSource()),
                options.names().version());
        JsonObjectBuilder plans = Json.createObjectBuilder();
        store.explainProcessorQueries(options.failedRetryCount(), CapOptions.RETRY_BATCH_SIZE, Instant.now()).forEach(plans::add);
        return plans.build();
    }

    /** Case 6: commits {@code count} events, {@value #EVENTS_PER_TRANSACTION} per transaction. */
    @POST
    @Path("backlog")
    public JsonObject commitBacklog(@QueryParam("count") int count) throws Exception {
        long start = System.nanoTime();
        for (int done = 0; done < count; done += EVENTS_PER_TRANSACTION) {
            transactions.publishMany(DRAIN_SUBJECT, Math.min(EVENTS_PER_TRANSACTION, count - done), SEQUENCE);
        }
        return Json.createObjectBuilder().add("committed", count).add("millis", (System.nanoTime() - start) / 1_000_000).build();
    }

    /** How many outbox rows are in each status. */
    @GET
    @Path("states")
    public JsonObject states() throws Exception {
        JsonObjectBuilder states = Json.createObjectBuilder();
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT StatusName, COUNT(*) FROM " + BenchSettings.tablePrefix()
                     + "_published GROUP BY StatusName")) {
            while (rows.next()) {
                states.add(rows.getString(1), rows.getLong(2));
            }
        }
        return states.build();
    }

    private static DataSource dataSource() {
        return Transactions.database(BenchSettings.dataSourceName());
    }

    private static void requirePostgreSql(Connection connection) throws Exception {
        String product = connection.getMetaData().getDatabaseProductName();
        if (!product.toLowerCase(java.util.Locale.ROOT).contains("postgres")) {
            throw new IllegalStateException("case 1c fills the table with PostgreSQL's generate_series; this is " + product);
        }
    }
}
