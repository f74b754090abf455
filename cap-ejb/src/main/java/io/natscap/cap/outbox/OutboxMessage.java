package io.natscap.cap.outbox;

import io.natscap.cap.CapHeaders;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A message in CAP's shape: its headers and the JSON of its value. Stored as CAP stores it
 * ({@code {"Headers":{...},"Value":...}} in the Content column); sent with the headers as NATS
 * headers and the value's JSON as the body.
 */
public record OutboxMessage(long id, String name, Map<String, String> headers, String valueJson) {

    /**
     * Looked up once: every {@code Json.createX()} call looks the provider up again through the
     * ServiceLoader, which scanned the class path on each message (the benchmark's profile).
     */
    private static final JsonProvider JSON = JsonProvider.provider();

    public OutboxMessage {
        headers = Map.copyOf(headers);
    }

    /** The Content column. */
    public String content() {
        return content(headers, valueJson);
    }

    /**
     * CAP's Content: {@code {"Headers":{...},"Value":...}}, the one place it is built. A value that
     * is no JSON (a malformed received body) is kept as a JSON string, a missing one as null.
     */
    public static String content(Map<String, String> headers, String valueJson) {
        JsonObjectBuilder headerObject = JSON.createObjectBuilder();
        headers.forEach(headerObject::add);
        JsonObjectBuilder content = JSON.createObjectBuilder().add("Headers", headerObject);
        if (valueJson == null) {
            return content.addNull("Value").build().toString();
        }
        try (JsonReader value = JSON.createReader(new StringReader(valueJson))) {
            content.add("Value", value.readValue());
        } catch (JsonException e) {
            content.add("Value", valueJson);
        }
        return content.build().toString();
    }

    /** Reads a Content column back. */
    public static OutboxMessage fromContent(long id, String name, String content) {
        try (JsonReader reader = JSON.createReader(new StringReader(content))) {
            JsonObject object = reader.readObject();
            Map<String, String> headers = new LinkedHashMap<>();
            object.getJsonObject("Headers").forEach((key, value) ->
                    headers.put(key, value.getValueType() == JsonValue.ValueType.STRING
                            ? ((jakarta.json.JsonString) value).getString() : value.toString()));
            JsonValue value = object.get("Value");
            return new OutboxMessage(id, name, headers, value == null ? "null" : value.toString());
        }
    }

    /** The same message with CAP's record of a failure ({@code Type-->message}). */
    public OutboxMessage withException(Throwable error) {
        Map<String, String> withError = new LinkedHashMap<>(headers);
        withError.put(CapHeaders.EXCEPTION, error.getClass().getName() + "-->" + error.getMessage());
        return new OutboxMessage(id, name, withError, valueJson);
    }

    public byte[] body() {
        return valueJson.getBytes(StandardCharsets.UTF_8);
    }

    /** The headers sent to NATS: CAP's, without delivery-time ones. */
    public Map<String, String> natsHeaders() {
        Map<String, String> sent = new LinkedHashMap<>(headers);
        sent.remove(CapHeaders.EXCEPTION);
        return sent;
    }
}
