package io.natscap.microprofile;

import io.natscap.cap.CapMonitor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

import java.time.Instant;

/**
 * Alive while every background loop of natscap (retry, delayed messages, expiry, transport check,
 * worker id renewal) completes passes. A loop whose pass fails is still alive (it logs and runs
 * again); one that hangs, or is no longer scheduled, is not: without it messages stay unsent or
 * tables grow, and a restart is the remedy a liveness probe exists for.
 */
@Liveness
@ApplicationScoped
public class NatscapLiveness implements HealthCheck {

    @Inject
    CapMonitor monitor;

    @Override
    public HealthCheckResponse call() {
        Instant now = Instant.now();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("natscap-processors");
        boolean alive = true;
        for (CapMonitor.ProcessorStatus processor : monitor.processors()) {
            boolean stalled = processor.stalledAt(now);
            alive &= !stalled;
            response.withData(processor.name(), (stalled ? "stalled: " : "")
                    + "last pass " + (now.toEpochMilli() - processor.lastPassEnded().toEpochMilli()) / 1000 + " s ago"
                    + (processor.lastPassFailed() ? ", failed (see the log)" : ""));
        }
        return response.status(alive).build();
    }
}
