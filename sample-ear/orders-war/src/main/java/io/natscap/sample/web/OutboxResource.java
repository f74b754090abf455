package io.natscap.sample.web;

import io.natscap.cap.outbox.OutboxRuntime;
import jakarta.ejb.EJB;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.sql.SQLException;

/** GET /api/outbox: published rows and the billing group's received rows, by status. */
@Path("outbox")
@Produces(MediaType.APPLICATION_JSON)
public class OutboxResource {

    @EJB
    private OutboxRuntime outbox;

    @GET
    public String state() throws SQLException {
        var published = jakarta.json.Json.createObjectBuilder();
        outbox.store().countByStatus().forEach((status, count) -> published.add(status.name(), count));
        var received = jakarta.json.Json.createObjectBuilder();
        outbox.store().countReceivedByStatus("billing").forEach((status, count) -> received.add(status.name(), count));
        return jakarta.json.Json.createObjectBuilder().add("published", published).add("received", received).build().toString();
    }
}
