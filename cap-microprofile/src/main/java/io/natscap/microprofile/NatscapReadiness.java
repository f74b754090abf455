package io.natscap.microprofile;

import io.natscap.cap.CapMonitor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while NATS takes messages and the outbox keeps up. A load balancer stops sending requests
 * while it is DOWN; the outbox still stores what committed transactions publish, and the probe is
 * UP again as soon as a pooled connection is CONNECTED (it asks the pool on each call).
 */
@Readiness
@ApplicationScoped
public class NatscapReadiness implements HealthCheck {

    /** The oldest unsent message may wait this long, in seconds, before the application counts as not ready. */
    public static final String BACKLOG_MAX_AGE = "cap.health.backlogMaxAge";
    static final String BACKLOG_MAX_AGE_DEFAULT = "300";

    @Inject
    CapMonitor monitor;

    @Inject
    @ConfigProperty(name = BACKLOG_MAX_AGE, defaultValue = BACKLOG_MAX_AGE_DEFAULT)
    long backlogMaxAgeSeconds;

    @Override
    public HealthCheckResponse call() {
        CapMonitor.NatsStatus nats = monitor.nats();
        CapMonitor.Backlog backlog = monitor.backlog();
        boolean backlogTooOld = backlog.oldestAge().toSeconds() > backlogMaxAgeSeconds;
        return HealthCheckResponse.named("natscap-outbox")
                .status(nats.connected() && !backlogTooOld)
                .withData("nats", nats.detail())
                .withData("backlogMessages", backlog.messages())
                .withData("backlogOldestSeconds", backlog.oldestAge().toSeconds())
                .withData("backlogMaxAgeSeconds", backlogMaxAgeSeconds)
                .withData("resendingAfterOutage", monitor.transportDown())
                .build();
    }
}
