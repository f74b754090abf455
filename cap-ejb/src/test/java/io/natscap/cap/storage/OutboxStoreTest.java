package io.natscap.cap.storage;

import io.natscap.nats.CapNames;
import io.natscap.cap.MessageStatus;
import io.natscap.cap.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.sql.DataSource;
import java.time.Duration;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The outbox table on each supported database. */
class OutboxStoreTest {

    private static final String CONTENT = "{\"Headers\":{},\"Value\":1}";

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void tablesAreCreatedIfMissingAndOpeningAgainChangesNothing(TestDatabases database) throws Exception {
        DataSource dataSource = database.dataSource();
        String prefix = TestDatabases.freshPrefix();
        try {
            PublishedStore first = new PublishedStore(Database.open(dataSource, prefix, "test"), CapNames.DEFAULT_VERSION);
            first.insert(1, "orders.created", CONTENT, Instant.now(), null, MessageStatus.Scheduled, null);
            Database reopened = Database.open(dataSource, prefix, "test");
            assertEquals(Map.of(MessageStatus.Scheduled, 1L), new PublishedStore(reopened, CapNames.DEFAULT_VERSION).countByStatus());
            assertEquals(Dialect.valueOf(database.name()), reopened.dialect());
            Set<String> published = indexesOf(dataSource, prefix + "_published");
            Set<String> received = indexesOf(dataSource, prefix + "_received");
            assertTrue(published.containsAll(Set.of("pending", "expiry", "claim", "list")), "the outbox's indexes: " + published);
            assertTrue(received.containsAll(Set.of("expiry", "list")), "the inbox's indexes: " + received);
            if (database == TestDatabases.H2) {
                try (Connection connection = dataSource.getConnection();
                     ResultSet column = connection.getMetaData().getColumns(null, null, (prefix + "_published").toUpperCase(Locale.ROOT),
                             "CONTENT")) {
                    assertTrue(column.next(), "the Content column");
                    assertEquals("CHARACTER VARYING", column.getString("TYPE_NAME"), "H2 keeps CAP's Content in the row, not as a LOB");
                }
            }
            if (database == TestDatabases.MARIADB) {
                assertTrue(reopened.dialect().createTables(prefix).stream().noneMatch(ddl -> ddl.startsWith("CREATE INDEX")),
                        "MySQL has no CREATE INDEX IF NOT EXISTS: the MySQL family gets its indexes inside CREATE TABLE");
            }
        } finally {
            TestDatabases.drop(dataSource, prefix);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aLeasedRowIsClaimedOnlyOnceItsLeaseHasEnded(TestDatabases database) throws Exception {
        DataSource dataSource = database.dataSource();
        String prefix = TestDatabases.freshPrefix();
        try {
            PublishedStore store = new PublishedStore(Database.open(dataSource, prefix, "test"), CapNames.DEFAULT_VERSION);
            Instant now = Instant.now();
            store.insert(1, "a.b", CONTENT, now, null, MessageStatus.Scheduled, now.plusSeconds(60));
            store.insert(2, "a.b", CONTENT, now, null, MessageStatus.Scheduled, now.minusSeconds(1));
            store.insert(3, "a.b", CONTENT, now, null, MessageStatus.Succeeded, null);

            List<StoredMessage> claimed = store.claimForRetry(50, now, now.plusSeconds(30), 200);
            assertEquals(List.of(2L), claimed.stream().map(StoredMessage::id).toList(), "only the row whose lease ended");
            assertEquals(List.of(), store.claimForRetry(50, now, now.plusSeconds(30), 200), "claimed rows are leased now");
            assertEquals(List.of(1L, 2L), ids(store.claimForRetry(50, now.plusSeconds(61), now.plusSeconds(90), 200)),
                    "both, once their leases have ended");
        } finally {
            TestDatabases.drop(dataSource, prefix);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void twoInstancesClaimingAtOnceNeverGetTheSameRow(TestDatabases database) throws Exception {
        DataSource dataSource = database.dataSource();
        String prefix = TestDatabases.freshPrefix();
        int rows = 600;
        ExecutorService instances = Executors.newFixedThreadPool(2);
        try {
            PublishedStore store = new PublishedStore(Database.open(dataSource, prefix, "test"), CapNames.DEFAULT_VERSION);
            Instant added = Instant.now().minusSeconds(10);
            for (int id = 1; id <= rows; id++) {
                store.insert(id, "a.b", CONTENT, added, null, MessageStatus.Failed, null);
            }
            Callable<List<Long>> instance = () -> {
                PublishedStore own = new PublishedStore(Database.open(dataSource, prefix, "test"), CapNames.DEFAULT_VERSION);
                List<Long> mine = new ArrayList<>();
                List<StoredMessage> batch;
                do {
                    Instant now = Instant.now();
                    batch = own.claimForRetry(50, now, now.plusSeconds(60), 25);
                    batch.forEach(row -> mine.add(row.id()));
                } while (!batch.isEmpty());
                return mine;
            };
            Future<List<Long>> a = instances.submit(instance);
            Future<List<Long>> b = instances.submit(instance);
            List<Long> claimedByA = a.get();
            List<Long> claimedByB = b.get();

            Set<Long> overlap = new HashSet<>(claimedByA);
            overlap.retainAll(claimedByB);
            assertEquals(Set.of(), overlap, "no row claimed by both instances");
            assertEquals(rows, claimedByA.size() + claimedByB.size(), "every row claimed once: A " + claimedByA.size()
                    + ", B " + claimedByB.size());
        } finally {
            instances.shutdownNow();
            TestDatabases.drop(dataSource, prefix);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void delayedRowsAreClaimedWhenDueAndBecomeQueued(TestDatabases database) throws Exception {
        DataSource dataSource = database.dataSource();
        String prefix = TestDatabases.freshPrefix();
        try {
            PublishedStore store = new PublishedStore(Database.open(dataSource, prefix, "test"), CapNames.DEFAULT_VERSION);
            Instant now = Instant.now();
            store.insert(1, "a.b", CONTENT, now, now.plusSeconds(30), MessageStatus.Delayed, null);
            store.insert(2, "a.b", CONTENT, now, now.minusSeconds(1), MessageStatus.Delayed, null);

            assertEquals(List.of(2L), ids(store.claimDue(now, now.plusSeconds(60), 100)));
            assertEquals(MessageStatus.Queued, store.get(2).orElseThrow().status());
            assertEquals(MessageStatus.Delayed, store.get(1).orElseThrow().status());
            assertEquals(List.of(1L), ids(store.claimDue(now.plusSeconds(31), now.plusSeconds(90), 100)));
        } finally {
            TestDatabases.drop(dataSource, prefix);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void expiredRowsAreDeletedInBatchesAndOthersStay(TestDatabases database) throws Exception {
        DataSource dataSource = database.dataSource();
        String prefix = TestDatabases.freshPrefix();
        try {
            PublishedStore store = new PublishedStore(Database.open(dataSource, prefix, "test"), CapNames.DEFAULT_VERSION);
            Instant now = Instant.now();
            for (int id = 1; id <= 25; id++) {
                store.insert(id, "a.b", CONTENT, now, null, MessageStatus.Scheduled, null);
                store.markSucceeded(List.of((long) id), now.minus(Duration.ofMinutes(1)));
            }
            store.insert(100, "a.b", CONTENT, now, null, MessageStatus.Scheduled, null);
            store.insert(101, "a.b", CONTENT, now, null, MessageStatus.Scheduled, null);
            store.markSucceeded(List.of(101L), now.plus(Duration.ofDays(1)));

            assertEquals(10, store.deleteExpired(now, 10));
            assertEquals(10, store.deleteExpired(now, 10));
            assertEquals(5, store.deleteExpired(now, 10));
            assertEquals(0, store.deleteExpired(now, 10));
            assertEquals(Map.of(MessageStatus.Scheduled, 1L, MessageStatus.Succeeded, 1L), store.countByStatus());
        } finally {
            TestDatabases.drop(dataSource, prefix);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void theProcessorsQueriesAreExplainedWithoutChangingAnyRow(TestDatabases database) throws Exception {
        DataSource dataSource = database.dataSource();
        String prefix = TestDatabases.freshPrefix();
        try {
            PublishedStore store = new PublishedStore(Database.open(dataSource, prefix, "test"), CapNames.DEFAULT_VERSION);
            Instant now = Instant.now();
            store.insert(1, "a.b", CONTENT, now.minusSeconds(600), null, MessageStatus.Scheduled, null);
            store.insert(2, "a.b", CONTENT, now.minusSeconds(600), now.minusSeconds(1), MessageStatus.Delayed, null);

            if (database == TestDatabases.POSTGRESQL) {
                // PostgreSQL plans by statistics: a table the size where it matters, 5,000 sent rows and 500 unsent
                try (Connection connection = dataSource.getConnection(); java.sql.Statement statement = connection.createStatement()) {
                    statement.execute("INSERT INTO " + prefix + "_published (Id, Version, Name, Content, Retries, Added, ExpiresAt, "
                            + "StatusName) SELECT g, 'v1', 'a.b', repeat('x', 256), 0, now(), now() + interval '1 day', "
                            + "CASE WHEN g % 11 = 0 THEN 'Failed' ELSE 'Succeeded' END FROM generate_series(10, 5509) g");
                    statement.execute("ANALYZE " + prefix + "_published");
                }
            }

            Map<String, String> plans = store.explainProcessorQueries(50, 200, now);

            assertEquals(List.of("retry processor's claim", "delayed processor's claim", "read of the claimed rows",
                    "expiry clean-up", "backlog count (monitor, health)"), List.copyOf(plans.keySet()));
            plans.forEach((query, plan) -> assertTrue(plan.toLowerCase(Locale.ROOT).contains(prefix.toLowerCase(Locale.ROOT)),
                    query + ": a plan that names the table, was: " + plan));
            if (database == TestDatabases.H2) {
                // H2 plans by rule, not by statistics: each plan names the index it takes, or tableScan
                for (String query : List.of("retry processor's claim", "delayed processor's claim", "read of the claimed rows")) {
                    String plan = plans.get(query).toLowerCase(Locale.ROOT);
                    assertTrue(plan.contains(prefix + "_published_") && !plan.contains("tablescan"), query + " by an index: " + plan);
                }
            }
            if (database == TestDatabases.POSTGRESQL) {
                // the retry claim takes its oldest unsent rows from an index in Added order: it does not sort every one
                // of them for each batch (after an outage that made the drain of a backlog slow down as it grew)
                String plan = plans.get("retry processor's claim");
                assertTrue(plan.contains(prefix + "_published_unsent") && !plan.contains("Sort"), "retry claim: " + plan);
            } else {
                assertEquals(Map.of(MessageStatus.Scheduled, 1L, MessageStatus.Delayed, 1L), store.countByStatus(),
                        "EXPLAIN claims nothing");
            }
        } finally {
            TestDatabases.drop(dataSource, prefix);
        }
    }

    private static List<Long> ids(List<StoredMessage> rows) {
        List<Long> ids = new ArrayList<>(rows.stream().map(StoredMessage::id).toList());
        Collections.sort(ids);
        return ids;
    }

    /** The table's indexes named {@code <table>_<what>}, by what, as the database reports them. */
    private static Set<String> indexesOf(DataSource dataSource, String table) throws Exception {
        String own = table.toLowerCase(Locale.ROOT) + "_";
        Set<String> names = new TreeSet<>();
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            // H2 keeps unquoted names in upper case, PostgreSQL in lower case, MariaDB as written
            for (String spelled : new TreeSet<>(List.of(table, table.toUpperCase(Locale.ROOT), table.toLowerCase(Locale.ROOT)))) {
                try (ResultSet rows = meta.getIndexInfo(null, null, spelled, false, false)) {
                    while (rows.next()) {
                        String name = rows.getString("INDEX_NAME") == null ? "" : rows.getString("INDEX_NAME").toLowerCase(Locale.ROOT);
                        if (name.startsWith(own)) {
                            names.add(name.substring(own.length()));
                        }
                    }
                }
            }
        }
        return names;
    }
}
