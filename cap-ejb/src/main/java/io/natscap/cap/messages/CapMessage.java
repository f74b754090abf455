package io.natscap.cap.messages;

import io.natscap.cap.CapHeaders;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A message in CAP's shape, as natscap stores and sends it: its headers and the JSON of its
 * value. (Layers: {@link io.natscap.nats.NatsMessage} is what NATS delivers,
 * {@link InboundMessage} that read as CAP reads it, this the stored and sent form.) Stored as CAP stores it
 * ({@code {"Headers":{...},"Value":...}} in the Content column); sent with the headers as NATS
 * headers and the value's JSON as the body.
 */
public record CapMessage(long id, String name, Map<String, String> headers, String valueJson) {

    /**
     * Looked up once: every {@code Json.createX()} call looks the provider up again through the
     * ServiceLoader, which scanned the class path on each message (the benchmark's profile).
     */
    private static final JsonProvider JSON = JsonProvider.provider();

    public CapMessage {
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
    public static CapMessage fromContent(long id, String name, String content) {
        try (JsonReader reader = JSON.createReader(new StringReader(content))) {
            JsonObject object = reader.readObject();
            Map<String, String> headers = new LinkedHashMap<>();
            object.getJsonObject("Headers").forEach((key, value) ->
                    headers.put(key, value.getValueType() == JsonValue.ValueType.STRING
                            ? ((jakarta.json.JsonString) value).getString() : value.toString()));
            JsonValue value = object.get("Value");
            return new CapMessage(id, name, headers, value == null ? "null" : value.toString());
        }
    }

    /** The failure a Content column records ({@code cap-exception}), or null (also for content that is no JSON). */
    public static String exceptionIn(String content) {
        if (content == null) {
            return null;
        }
        try (JsonReader reader = JSON.createReader(new StringReader(content))) {
            JsonObject headers = reader.readObject().getJsonObject("Headers");
            return headers == null ? null : headers.getString(CapHeaders.EXCEPTION, null);
        } catch (JsonException | ClassCastException e) {
            return null;
        }
    }

    /** The same message with CAP's record of a failure ({@code Type-->message}). */
    public CapMessage withException(Throwable error) {
        Map<String, String> withError = new LinkedHashMap<>(headers);
        withError.put(CapHeaders.EXCEPTION, error.getClass().getName() + "-->" + error.getMessage());
        return new CapMessage(id, name, withError, valueJson);
    }

    public byte[] body() {
        return valueJson.getBytes(StandardCharsets.UTF_8);
    }

    /** The headers sent to NATS: CAP's, without delivery-time ones and without the de-duplication id. */
    public Map<String, String> natsHeaders() {
        Map<String, String> sent = new LinkedHashMap<>(headers);
        sent.remove(CapHeaders.EXCEPTION);
        sent.remove(CapHeaders.NATS_MESSAGE_ID);
        return sent;
    }

    /**
     * JetStream's de-duplication id of this send: the cap-msg-id, so that every resend of a
     * message is dropped within the stream's duplicate window; a requeued message carries one of
     * its own, since an operator who requeues wants it sent again.
     */
    public String deduplicationId() {
        return headers.getOrDefault(CapHeaders.NATS_MESSAGE_ID, headers.get(CapHeaders.MESSAGE_ID));
    }

    /** The same message, requeued by an operator: sent again under a de-duplication id of its own. */
    public CapMessage requeued(Instant at) {
        Map<String, String> requeued = new LinkedHashMap<>(headers);
        requeued.remove(CapHeaders.EXCEPTION);
        requeued.put(CapHeaders.NATS_MESSAGE_ID, id + "-requeued-" + at.toEpochMilli());
        return new CapMessage(id, name, requeued, valueJson);
    }
}
