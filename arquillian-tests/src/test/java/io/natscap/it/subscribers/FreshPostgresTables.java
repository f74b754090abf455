package io.natscap.it.subscribers;

import io.natscap.testing.RequiredServices;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;


/**
 * Before Payara Micro boots: drops the itpg_* tables a previous run left in PostgreSQL's database
 * {@code test}, so the inbox starts empty. Outside CI an unreachable PostgreSQL skips the test
 * class with a message; under CI=true it fails. List it before ArquillianExtension.
 */
public final class FreshPostgresTables implements BeforeAllCallback {

    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

    @Override
    public void beforeAll(ExtensionContext context) {
        String unreachable = null;
        SQLException cause = null;
        try (Connection connection = DriverManager.getConnection(URL, "postgres", "");
             Statement statement = connection.createStatement()) {
            for (String table : new String[] {"itpg_published", "itpg_received", "itpg_lock"}) {
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
        } catch (SQLException e) {
            unreachable = "PostgreSQL at " + URL + " is not reachable (" + e.getMessage() + ")";
            cause = e;
        }
        RequiredServices.require(unreachable, cause);
    }
}
