package io.natscap.console;

import io.natscap.cap.CapMonitor;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** NATS as nats-ra sees it: pooled connections, the message-driven beans and their consumers, the streams. */
@Path("nats")
@Guarded
@Produces(MediaType.APPLICATION_JSON)
public class NatsResource {

    @Inject
    CapMonitor monitor;

    @GET
    public JsonObject nats() {
        return Views.nats(monitor.natsAdapter());
    }
}
