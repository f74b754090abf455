package io.natscap.console;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import java.util.Set;

/** The console's data under {@code /natscap/api}: its own resources only, not the application's. */
@ApplicationPath("/natscap/api")
public class ConsoleApi extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(ConsoleGuard.class, SessionResource.class, OverviewResource.class, MessagesResource.class,
                NatsResource.class);
    }
}
