package io.natscap.it.subscribers;

import io.natscap.it.NatsServerForPayara;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** The subscriber scenarios with cap-ejb's tables (inbox and outbox) in PostgreSQL. */
@ExtendWith({NatsServerForPayara.class, FreshPostgresTables.class, ArquillianExtension.class})
class CapSubscribersOnPostgresIT extends CapSubscriberScenarios {

    @Deployment(testable = false)
    static WebArchive application() {
        return application("subscribers-pg.war", "subscribers-pg/microprofile-config.properties");
    }
}
