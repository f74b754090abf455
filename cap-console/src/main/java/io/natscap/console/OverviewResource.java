package io.natscap.console;

import io.natscap.cap.CapMonitor;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The console's first page: counts, backlog, NATS, the loops, and the graphs' data. */
@Path("overview")
@Guarded
@Produces(MediaType.APPLICATION_JSON)
public class OverviewResource {

    @Inject
    CapMonitor monitor;

    @Inject
    LiveRates rates;

    @GET
    public JsonObject overview() {
        CapMonitor.Backlog backlog = monitor.backlog();
        CapMonitor.NatsStatus nats = monitor.nats();
        return Json.createObjectBuilder()
                .add("published", Views.counts(monitor.publishedCounts()))
                .add("received", Views.counts(monitor.receivedCounts()))
                .add("backlog", Json.createObjectBuilder().add("messages", backlog.messages())
                        .add("oldestAgeSeconds", backlog.oldestAge().toSeconds()))
                .add("transportDown", monitor.transportDown())
                .add("nats", Json.createObjectBuilder().add("connected", nats.connected()).add("detail", nats.detail()))
                .add("processors", Views.processors(monitor.processors(), Instant.now()).getJsonArray("processors"))
                .build();
    }

    /** Messages per second, as this instance handled them, over the last five minutes. */
    @GET
    @Path("rates")
    public JsonObject rates() {
        return Views.rates(rates.lastSeconds());
    }

    /** Messages stored per hour over the last 24 hours (the current hour included). */
    @GET
    @Path("hourly")
    public JsonObject hourly() {
        Instant from = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(23));
        return Views.hourly(monitor.hourly(from));
    }
}
