package io.natscap.cap;

import io.natscap.testing.RequiredServices;
import org.h2.jdbcx.JdbcDataSource;
import org.mariadb.jdbc.MariaDbDataSource;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;


/**
 * The three databases the outbox supports, as the machine runs them: an in-memory H2, and the
 * PostgreSQL and MariaDB servers on 127.0.0.1 (database {@code test}). Outside CI a test of an
 * unreachable server is skipped with a message saying so; under CI=true it fails instead.
 */
public enum TestDatabases {

    H2, POSTGRESQL, MARIADB;

    private static final AtomicInteger NEXT = new AtomicInteger();

    /** A DataSource, or the test is skipped (outside CI) / fails (under CI) when unreachable. */
    public DataSource dataSource() {
        DataSource dataSource = switch (this) {
            case H2 -> {
                JdbcDataSource h2 = new JdbcDataSource();
                h2.setURL("jdbc:h2:mem:natscap;DB_CLOSE_DELAY=-1");
                yield h2;
            }
            case POSTGRESQL -> {
                PGSimpleDataSource pg = new PGSimpleDataSource();
                pg.setURL(System.getProperty("natscap.postgresql.url", "jdbc:postgresql://127.0.0.1:5432/test"));
                pg.setUser(System.getProperty("natscap.postgresql.user", "postgres"));
                yield pg;
            }
            case MARIADB -> {
                try {
                    MariaDbDataSource maria = new MariaDbDataSource(
                            System.getProperty("natscap.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/test"));
                    maria.setUser(System.getProperty("natscap.mariadb.user", "root"));
                    yield maria;
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        String unreachable = null;
        SQLException cause = null;
        try (Connection probe = dataSource.getConnection()) {
            probe.isValid(2);
        } catch (SQLException e) {
            unreachable = this + " is not reachable (" + e.getMessage() + ")";
            cause = e;
        }
        RequiredServices.require(unreachable, cause);
        return dataSource;
    }

    /** A table prefix no other test uses. */
    public static String freshPrefix() {
        return "t" + ProcessHandle.current().pid() + "_" + NEXT.incrementAndGet();
    }

    /** Drops the tables of a prefix. */
    public static void drop(DataSource dataSource, String prefix) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String table : List.of("_published", "_received", "_lock")) {
                statement.execute("DROP TABLE IF EXISTS " + prefix + table);
            }
        }
    }
}
