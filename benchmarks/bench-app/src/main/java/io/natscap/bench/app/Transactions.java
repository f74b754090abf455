package io.natscap.bench.app;

import io.natscap.cap.CapPublisher;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The measured business transaction: one row into bench_tx, with or without an event through
 * the outbox, in the container's transaction (REQUIRED: each call commits on return).
 */
@Stateless
public class Transactions {

    static final String TABLE = "bench_tx";
    static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS " + TABLE
            + " (id VARCHAR(20) PRIMARY KEY, payload VARCHAR(400) NOT NULL)";
    /** Case 3b's business table: one row per consumed message, on both sides. */
    static final String CONSUMED_TABLE = "bench_consumed";
    static final String CREATE_CONSUMED_TABLE = "CREATE TABLE IF NOT EXISTS " + CONSUMED_TABLE
            + " (id VARCHAR(40) PRIMARY KEY, payload VARCHAR(400) NOT NULL)";

    @Inject
    private CapPublisher publisher;

    private DataSource dataSource;

    @PostConstruct
    void lookUp() {
        dataSource = database(BenchSettings.dataSourceName());
    }

    /** The business row alone: the database's commit rate. */
    public void insert(BenchEvent event) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE + " (id, payload) VALUES (?, ?)")) {
            insert.setString(1, event.getId());
            insert.setString(2, new String(event.json(), StandardCharsets.UTF_8));
            insert.executeUpdate();
        }
    }

    /** Case 3b's business method: one row for a consumed message, in the caller's transaction. */
    public void insertConsumed(String id, BenchEvent event) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO " + CONSUMED_TABLE + " (id, payload) VALUES (?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, new String(event.json(), StandardCharsets.UTF_8));
            insert.executeUpdate();
        }
    }

    /** The business row and its event, in one transaction; returns the event's message id. */
    public long insertAndPublish(BenchEvent event, String subject) throws SQLException {
        insert(event);
        return publisher.publish(subject, event);
    }

    /** Case 6: {@code count} events and nothing else in one transaction, numbered from {@code sequence}. */
    public void publishMany(String subject, int count, java.util.concurrent.atomic.AtomicLong sequence) {
        for (int i = 0; i < count; i++) {
            publisher.publish(subject, BenchEvent.of(sequence.incrementAndGet()));
        }
    }

    static DataSource database(String name) {
        try {
            return InitialContext.doLookup(name);
        } catch (NamingException e) {
            throw new IllegalStateException("No data source " + name + ": " + e.getMessage(), e);
        }
    }
}
