package io.natscap.bench.app;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;

import java.io.IOException;

/** The baselines' one shared jnats connection, as an application without natscap would hold it. */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class RawNats {

    private volatile Connection connection;

    public Connection connection() throws IOException, InterruptedException {
        Connection current = connection;
        if (current == null || current.getStatus() == Connection.Status.CLOSED) {
            synchronized (this) {
                if (connection == null || connection.getStatus() == Connection.Status.CLOSED) {
                    connection = Nats.connect(new Options.Builder().server(BenchSettings.natsUrl())
                            .connectionName("bench-raw").maxReconnects(-1).build());
                }
                current = connection;
            }
        }
        return current;
    }

    @PreDestroy
    void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
