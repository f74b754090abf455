package io.natscap.console;

import io.natscap.cap.CapMonitor;
import io.natscap.cap.MessageQuery;
import io.natscap.cap.MessageStatus;
import io.natscap.cap.MonitoredMessage;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The published and received messages: pages of them (keyset paging, newest first), one with
 * its content, and the operator's actions on several at once.
 */
@Path("messages/{kind: published|received}")
@Guarded
@Produces(MediaType.APPLICATION_JSON)
public class MessagesResource {

    private static final Logger LOG = Logger.getLogger(MessagesResource.class.getName());
    /** How many messages one action may name. */
    static final int MAX_IDS = MessageQuery.MAX_LIMIT;

    @Inject
    CapMonitor monitor;

    @PathParam("kind")
    String kind;

    @GET
    public JsonObject list(@QueryParam("status") String status, @QueryParam("name") String name,
                           @QueryParam("group") String group, @QueryParam("from") String from, @QueryParam("to") String to,
                           @QueryParam("before") String before, @QueryParam("limit") String limit) {
        MessageQuery query;
        try {
            query = new MessageQuery(status(status), blankToNull(name), blankToNull(group), instant("from", from),
                    instant("to", to), id("before", before), limit == null || limit.isBlank()
                    ? MessageQuery.DEFAULT_LIMIT : Integer.parseInt(limit.trim()));
        } catch (NumberFormatException e) {
            throw badRequest("limit must be a whole number, was '" + limit + "'");
        } catch (IllegalArgumentException e) {
            throw badRequest(e.getMessage());
        }
        return Views.page(received() ? monitor.received(query) : monitor.published(query));
    }

    @GET
    @Path("{id}")
    public JsonObject one(@PathParam("id") String id) {
        long key = id("id", id);
        Optional<MonitoredMessage> message = received() ? monitor.receivedMessage(key) : monitor.publishedMessage(key);
        return Views.detail(message.orElseThrow(() -> new NotFoundException(Response.status(404)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Json.createObjectBuilder().add("error", "No " + kind + " message " + key).build()).build())));
    }

    /**
     * {@code {"ids": ["…", …]}} → what was done: {@code done} (ids), {@code missing} (no such
     * message), {@code failed} (id and reason).
     *
     * @param action requeue (published), reexecute (received) or delete (either)
     */
    @POST
    @Path("{action: requeue|reexecute|delete}")
    @Consumes(MediaType.APPLICATION_JSON)
    public JsonObject act(@PathParam("action") String action, JsonObject body, @Context SecurityContext security) {
        if ("requeue".equals(action) && received() || "reexecute".equals(action) && !received()) {
            throw badRequest(action + " applies to " + (received() ? "published" : "received") + " messages, not " + kind);
        }
        List<Long> ids = ids(body);
        JsonArrayBuilder done = Json.createArrayBuilder();
        JsonArrayBuilder missing = Json.createArrayBuilder();
        JsonArrayBuilder failed = Json.createArrayBuilder();
        for (long id : ids) {
            try {
                if (perform(action, id)) {
                    done.add(Long.toString(id));
                } else {
                    missing.add(Long.toString(id));
                }
            } catch (RuntimeException e) {
                failed.add(Json.createObjectBuilder().add("id", Long.toString(id))
                        .add("reason", String.valueOf(e.getMessage())));
            }
        }
        JsonObject result = Json.createObjectBuilder().add("action", action).add("done", done).add("missing", missing)
                .add("failed", failed).build();
        String user = security.getUserPrincipal().getName();
        LOG.info(() -> "natscap console: " + user + " asked to " + action + " " + kind + " messages " + ids + ": " + result);
        return result;
    }

    private boolean perform(String action, long id) {
        return switch (action) {
            case "requeue" -> monitor.requeue(id);
            case "reexecute" -> monitor.reExecute(id);
            default -> received() ? monitor.deleteReceived(id) : monitor.deletePublished(id);
        };
    }

    private boolean received() {
        return "received".equals(kind);
    }

    private static List<Long> ids(JsonObject body) {
        JsonArray array = body == null ? null : body.getJsonArray("ids");
        if (array == null || array.isEmpty()) {
            throw badRequest("the body must be {\"ids\": [\"<id>\", ...]} with at least one id");
        }
        if (array.size() > MAX_IDS) {
            throw badRequest("at most " + MAX_IDS + " ids at once, got " + array.size());
        }
        List<Long> ids = new ArrayList<>();
        for (JsonValue value : array) {
            String text = value instanceof JsonString s ? s.getString() : value.toString();
            ids.add(id("ids", text));
        }
        return ids;
    }

    private static MessageStatus status(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return MessageStatus.valueOf(status.trim());
        } catch (IllegalArgumentException e) {
            throw badRequest("status must be one of " + List.of(MessageStatus.values()) + ", was '" + status + "'");
        }
    }

    private static Instant instant(String parameter, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw badRequest(parameter + " must be an ISO-8601 instant such as 2026-12-03T10:15:30Z, was '" + value + "'");
        }
    }

    private static Long id(String parameter, String value) {
        if (value == null || value.isBlank()) {
            if ("before".equals(parameter)) {
                return null;
            }
            throw badRequest(parameter + " is required");
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw badRequest(parameter + " must be a message id (a whole number), was '" + value + "'");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static WebApplicationException badRequest(String message) {
        return new BadRequestException(ConsoleGuard.refusal(Response.Status.BAD_REQUEST, message));
    }
}
