package io.natscap.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The rule for services a test needs but does not start (PostgreSQL, MariaDB): outside CI an
 * unreachable one skips the test with a message that says so; under CI=true (system property
 * {@code natscap.requireDatabases}, set by the poms from the environment) it fails the test.
 */
public final class RequiredServices {

    private RequiredServices() {
    }

    /** {@code unreachable}: why the service cannot be used, or null when it can. */
    public static void require(String unreachable, Throwable cause) {
        if (unreachable != null && Boolean.parseBoolean(System.getProperty("natscap.requireDatabases", "false"))) {
            throw new AssertionError(unreachable + ": under CI=true every database test must run", cause);
        }
        assumeTrue(unreachable == null, () -> unreachable + ": skipping this test outside CI");
    }
}
