package io.natscap.cap;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

/**
 * A real database as a JTA-enlisted DataSource behaves inside a container transaction: between
 * {@link #begin()} and {@link #commit()} every {@code getConnection()} of the thread hands out the
 * same connection, with auto-commit off, and closing it does not end the transaction. (A store
 * test in auto-commit hides what a failed statement does to the rest of a transaction.)
 */
public final class TransactionalDataSource implements DataSource {

    private final DataSource database;
    private final ThreadLocal<Connection> transaction = new ThreadLocal<>();

    public TransactionalDataSource(DataSource database) {
        this.database = database;
    }

    public void begin() throws SQLException {
        Connection connection = database.getConnection();
        connection.setAutoCommit(false);
        transaction.set(connection);
    }

    public void commit() throws SQLException {
        try (Connection connection = transaction.get()) {
            connection.commit();
        } finally {
            transaction.remove();
        }
    }

    public void rollback() throws SQLException {
        Connection connection = transaction.get();
        if (connection == null) {
            return;
        }
        try (connection) {
            connection.rollback();
        } finally {
            transaction.remove();
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection connection = transaction.get();
        if (connection == null) {
            return database.getConnection();
        }
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> method.getName().equals("close") ? null : method.invoke(connection, args));
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
