package io.natscap.nats.ra.inbound;

import io.natscap.nats.CapNames;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.ServiceConfigurationError;
import java.util.logging.Logger;

/**
 * CAP's naming options as the bean's application sets them: its MicroProfile Config, found
 * through the bean class's class loader (the application's {@code microprofile-config.properties},
 * system properties, environment). cap-ejb reads the same keys for what it publishes, so that a
 * bean's group and subject are formed as the application's publisher and CAP .NET form them.
 */
final class ApplicationConfig {

    private static final Logger LOG = Logger.getLogger(ApplicationConfig.class.getName());

    private ApplicationConfig() {
    }

    /** CAP's names for a bean of this class; CAP's defaults where the server has no MicroProfile Config. */
    static CapNames capNames(Class<?> beanClass, String bean) {
        Config config;
        try {
            ClassLoader loader = beanClass != null ? beanClass.getClassLoader() : Thread.currentThread().getContextClassLoader();
            config = ConfigProvider.getConfig(loader);
        } catch (LinkageError | IllegalStateException | ServiceConfigurationError e) {
            // no MicroProfile Config on this server (or outside one): system properties, else CAP's defaults
            LOG.fine(() -> "No MicroProfile Config for " + bean + " (" + e + "); CAP's names from system properties or defaults");
            return CapNames.from(key -> java.util.Optional.ofNullable(System.getProperty(key)));
        }
        return CapNames.from(key -> config.getOptionalValue(key, String.class));
    }
}
