package io.natscap.sample.web;

import io.natscap.cap.CapMonitor;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** GET /api/outbox: published rows and the billing group's received rows, by status. */
@Path("outbox")
@Produces(MediaType.APPLICATION_JSON)
public class OutboxResource {

    @Inject
    private CapMonitor monitor;

    @GET
    public String state() {
        var published = jakarta.json.Json.createObjectBuilder();
        monitor.publishedCounts().forEach((status, count) -> published.add(status.name(), count));
        var received = jakarta.json.Json.createObjectBuilder();
        // the Billing bean's group as CAP names it: group billing, cap.version v1
        monitor.receivedCounts("billing.v1").forEach((status, count) -> received.add(status.name(), count));
        return jakarta.json.Json.createObjectBuilder().add("published", published).add("received", received).build().toString();
    }
}
