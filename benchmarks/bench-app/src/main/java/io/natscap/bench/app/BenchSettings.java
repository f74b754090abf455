package io.natscap.bench.app;

import io.natscap.cap.config.CapOptions;
import org.eclipse.microprofile.config.ConfigProvider;

/** What the runner passes as system properties (MicroProfile Config reads them). */
final class BenchSettings {

    private BenchSettings() {
    }

    /** The outbox's data source, which the business rows share (one transaction, one database). */
    static String dataSourceName() {
        return CapOptions.from(ConfigProvider.getConfig(), "bench").dataSource();
    }

    static String tablePrefix() {
        return CapOptions.from(ConfigProvider.getConfig(), "bench").tablePrefix();
    }

    /** The server the raw jnats baselines connect to: the one the adapter uses. */
    static String natsUrl() {
        return ConfigProvider.getConfig().getOptionalValue("bench.natsUrl", String.class)
                .orElseThrow(() -> new IllegalStateException("bench.natsUrl is not set: the runner passes -Dbench.natsUrl"));
    }
}
