package io.natscap.it.subscribers;

import io.natscap.it.NatsServerForPayara;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** The subscriber scenarios with cap-ejb's tables in Payara's embedded H2 (java:comp/DefaultDataSource). */
@ExtendWith({NatsServerForPayara.class, ArquillianExtension.class})
class CapSubscribersOnH2IT extends CapSubscriberScenarios {

    @Deployment(testable = false)
    static WebArchive application() {
        return application("subscribers-h2.war", "outbox/microprofile-config.properties");
    }
}
