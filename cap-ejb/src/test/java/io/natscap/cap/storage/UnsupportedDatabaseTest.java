package io.natscap.cap.storage;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A database natscap does not support is refused at start, naming the data source and what to configure. */
class UnsupportedDatabaseTest {

    @Test
    void glassFishsDefaultDerbyIsRefusedNamingTheDataSourceAndTheOption(@TempDir Path dir) {
        EmbeddedDataSource derby = new EmbeddedDataSource(); // GlassFish 7's jdbc/__default
        derby.setDatabaseName(dir.resolve("derby").toString());
        derby.setCreateDatabase("create");
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> Database.open(derby, "cap", "java:comp/DefaultDataSource"));
        String message = refused.getMessage();
        assertTrue(message.contains("java:comp/DefaultDataSource") && message.contains("Apache Derby"), message);
        assertTrue(message.contains("H2, PostgreSQL or MariaDB") && message.contains("cap.dataSource"), message);
    }
}
