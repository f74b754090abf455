package io.natscap.console;

import io.natscap.cap.CapMonitor;
import io.natscap.cap.MessagePage;
import io.natscap.cap.MessageStatus;
import io.natscap.cap.MonitoredMessage;
import io.natscap.nats.NatsAdapterStatus;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The console's JSON. Message ids are strings: CAP's 64-bit ids do not fit JavaScript's numbers.
 * Texts go out as JSON strings and the pages show them as text, never as markup.
 */
final class Views {

    private Views() {
    }

    static JsonObject counts(Map<MessageStatus, Long> counts) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        long total = 0;
        for (MessageStatus status : MessageStatus.values()) {
            long n = counts.getOrDefault(status, 0L);
            json.add(status.name(), n);
            total += n;
        }
        return json.add("total", total).build();
    }

    static JsonObject page(MessagePage page) {
        JsonArrayBuilder rows = Json.createArrayBuilder();
        page.messages().forEach(m -> rows.add(summary(m)));
        JsonObjectBuilder json = Json.createObjectBuilder().add("messages", rows);
        if (page.nextBefore() == null) {
            json.addNull("nextBefore");
        } else {
            json.add("nextBefore", Long.toString(page.nextBefore()));
        }
        return json.build();
    }

    private static JsonObjectBuilder summary(MonitoredMessage m) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("id", Long.toString(m.id()))
                .add("messageId", Long.toString(m.messageId()))
                .add("name", m.name())
                .add("status", m.status().name())
                .add("retries", m.retries())
                .add("added", m.added().toString());
        optional(json, "group", m.group());
        optional(json, "expiresAt", m.expiresAt());
        return json;
    }

    static JsonObject detail(MonitoredMessage m) {
        JsonObjectBuilder json = summary(m).add("version", m.version());
        optional(json, "content", m.content());
        optional(json, "exception", m.exception());
        return json.build();
    }

    static JsonObject hourly(List<CapMonitor.HourlyCounts> hours) {
        JsonArrayBuilder rows = Json.createArrayBuilder();
        hours.forEach(h -> rows.add(Json.createObjectBuilder().add("hour", h.hour().toString())
                .add("published", counts(h.published())).add("received", counts(h.received()))));
        return Json.createObjectBuilder().add("hours", rows).build();
    }

    static JsonObject rates(List<LiveRates.Second> seconds) {
        JsonArrayBuilder rows = Json.createArrayBuilder();
        seconds.forEach(s -> rows.add(Json.createObjectBuilder().add("at", s.at().toString()).add("published", s.published())
                .add("sent", s.sent()).add("received", s.received()).add("succeeded", s.succeeded()).add("failed", s.failed())));
        return Json.createObjectBuilder().add("seconds", rows).build();
    }

    static JsonObject processors(List<CapMonitor.ProcessorStatus> processors, Instant now) {
        JsonArrayBuilder rows = Json.createArrayBuilder();
        processors.forEach(p -> rows.add(Json.createObjectBuilder().add("name", p.name())
                .add("intervalSeconds", p.interval().toSeconds()).add("lastPassEnded", p.lastPassEnded().toString())
                .add("lastPassFailed", p.lastPassFailed()).add("stalled", p.stalledAt(now))));
        return Json.createObjectBuilder().add("processors", rows).build();
    }

    static JsonObject nats(NatsAdapterStatus status) {
        JsonArrayBuilder connections = Json.createArrayBuilder();
        for (NatsAdapterStatus.PooledConnection c : status.connections()) {
            JsonObjectBuilder json = Json.createObjectBuilder().add("name", c.name()).add("state", c.state().name())
                    .add("borrowed", c.borrowed()).add("knownServers", strings(c.knownServers()));
            optional(json, "server", c.server());
            connections.add(json);
        }
        JsonArrayBuilder endpoints = Json.createArrayBuilder();
        for (NatsAdapterStatus.Endpoint e : status.endpoints()) {
            JsonObjectBuilder json = Json.createObjectBuilder().add("bean", e.bean()).add("subject", e.subject())
                    .add("concurrency", e.concurrency()).add("state", e.state().name());
            optional(json, "stream", e.stream());
            optional(json, "durable", e.durable());
            optional(json, "group", e.group());
            optional(json, "problem", e.problem());
            if (e.consumer() != null) {
                json.add("consumer", Json.createObjectBuilder().add("pending", e.consumer().pending())
                        .add("ackPending", e.consumer().ackPending()).add("redelivered", e.consumer().redelivered())
                        .add("delivered", e.consumer().delivered()));
            }
            endpoints.add(json);
        }
        JsonArrayBuilder streams = Json.createArrayBuilder();
        for (NatsAdapterStatus.Stream s : status.streams()) {
            streams.add(Json.createObjectBuilder().add("name", s.name()).add("subjects", strings(s.subjects()))
                    .add("messages", s.messages()).add("bytes", s.bytes()).add("consumers", s.consumers())
                    .add("replicas", s.replicas()));
        }
        JsonObjectBuilder json = Json.createObjectBuilder().add("connections", connections).add("endpoints", endpoints)
                .add("streams", streams);
        optional(json, "problem", status.problem());
        return json.build();
    }

    private static JsonArrayBuilder strings(List<String> values) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        values.forEach(array::add);
        return array;
    }

    private static void optional(JsonObjectBuilder json, String key, Object value) {
        if (value == null) {
            json.addNull(key);
        } else {
            json.add(key, value.toString());
        }
    }
}
