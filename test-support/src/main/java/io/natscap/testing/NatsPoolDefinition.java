package io.natscap.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The asadmin commands that create a NATS connection pool and its resource, from the project's
 * one definition (scripts/nats-pool.asadmin, on this module's class path as nats-pool.asadmin).
 */
public final class NatsPoolDefinition {

    private NatsPoolDefinition() {
    }

    /**
     * @param properties the pool's nats-ra properties as {@code name=value} pairs; colons in the
     *                   values are escaped here, as asadmin wants them
     */
    public static List<String> commands(String pool, String jndiName, int maxPoolSize, List<String> properties) {
        String escaped = String.join(":", properties.stream().map(NatsPoolDefinition::escape).toList());
        return template().lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.replace("@POOL@", pool).replace("@JNDI@", jndiName)
                        .replace("@MAX_POOL_SIZE@", Integer.toString(maxPoolSize)).replace("@PROPERTIES@", escaped))
                .toList();
    }

    /** {@code servers=nats://h:1} as {@code servers=nats\://h\:1}. */
    private static String escape(String property) {
        int equals = property.indexOf('=');
        return property.substring(0, equals + 1) + property.substring(equals + 1).replace(":", "\\:");
    }

    private static String template() {
        try (InputStream in = NatsPoolDefinition.class.getResourceAsStream("/nats-pool.asadmin")) {
            if (in == null) {
                throw new IllegalStateException("nats-pool.asadmin is not on the class path (test-support copies it from scripts/)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
