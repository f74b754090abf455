package io.natscap.cap.messages;

import io.natscap.cap.CapHeaders;
import io.natscap.cap.CapPublishException;
import io.natscap.cap.config.CapOptions;
import io.natscap.cap.diagnostics.Tracing;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns what the application publishes into a CAP message, or refuses it with a clear
 * {@link CapPublishException} before anything is stored.
 */
public final class MessageFactory {

    /** NATS' own default max_payload, used until a connection has told the real one. */
    public static final long DEFAULT_MAX_PAYLOAD = 1024 * 1024;

    private final CapOptions options;
    private final SnowflakeId ids;
    private final Tracing tracing;
    private final Jsonb jsonb = JsonbBuilder.create();
    private volatile long maxPayload = DEFAULT_MAX_PAYLOAD;

    /** Without the application's tracing: messages carry the traceparent of the span active at publish. */
    public MessageFactory(CapOptions options, SnowflakeId ids) {
        this(options, ids, Tracing.of(null));
    }

    public MessageFactory(CapOptions options, SnowflakeId ids, Tracing tracing) {
        this.options = options;
        this.ids = ids;
        this.tracing = tracing;
    }

    /** The server's limit, as a connection reported it. */
    public void maxPayload(long bytes) {
        if (bytes > 0) {
            this.maxPayload = bytes;
        }
    }

    /** A new snowflake id (also for inbox rows). */
    public long nextId() {
        return ids.next();
    }

    /**
     * A subscriber's answer to a message that named a callback: published to that subject as it
     * stands (it already carries the topic prefix), correlated with the message it answers.
     */
    public CapMessage createCallback(String callbackSubject, Object value, String correlationId, int correlationSequence) {
        CapMessage message = create(callbackSubject, value, null, null, null, false);
        Map<String, String> headers = new LinkedHashMap<>(message.headers());
        headers.put(CapHeaders.CORRELATION_ID, correlationId);
        headers.put(CapHeaders.CORRELATION_SEQUENCE, Integer.toString(correlationSequence));
        return new CapMessage(message.id(), message.name(), headers, message.valueJson());
    }

    public CapMessage create(String name, Object value, Map<String, String> headers, String callbackName, Duration delay) {
        return create(name, value, headers, callbackName, delay, true);
    }

    private CapMessage create(String name, Object value, Map<String, String> headers, String callbackName, Duration delay,
                                 boolean prefixed) {
        String subject = prefixed ? options.subjectOf(checkName(name)) : checkName(name);
        if (delay != null && delay.isNegative()) {
            throw new CapPublishException("Delay of event '" + name + "' is negative: " + delay);
        }
        Map<String, String> all = new LinkedHashMap<>();
        if (headers != null) {
            headers.forEach((key, headerValue) -> {
                if (CapHeaders.isReserved(key) && !CapHeaders.isCallerSettable(key)) {
                    throw new CapPublishException("Header '" + key + "' of event '" + name + "' is reserved: cap-* headers "
                            + "are set by natscap, except " + CapHeaders.MESSAGE_ID + ", " + CapHeaders.CORRELATION_ID + " and "
                            + CapHeaders.CORRELATION_SEQUENCE);
                }
                if (key == null || key.isBlank() || key.chars().anyMatch(c -> c == ':' || Character.isWhitespace(c))) {
                    throw new CapPublishException("Header name '" + key + "' of event '" + name + "' is not a valid NATS header name");
                }
                // CAP's names are lower case: a caller's Cap-Msg-Id is the cap-msg-id
                all.put(CapHeaders.isCallerSettable(key) ? key.toLowerCase(Locale.ROOT) : key, headerValue == null ? "" : headerValue);
            });
        }
        String json = serialize(name, value);
        // as CAP does, a caller's cap-msg-id and cap-corr-id are kept
        long id = all.containsKey(CapHeaders.MESSAGE_ID) ? suppliedId(name, all.get(CapHeaders.MESSAGE_ID)) : ids.next();
        all.put(CapHeaders.MESSAGE_ID, Long.toString(id));
        all.put(CapHeaders.MESSAGE_NAME, subject);
        all.put(CapHeaders.TYPE, value == null ? "Object" : value.getClass().getSimpleName());
        // as CAP does: a delayed message's sent time is when it is due
        all.put(CapHeaders.SENT_TIME, CapTimes.sentTime(delay == null ? LocalDateTime.now() : LocalDateTime.now().plus(delay)));
        if (all.containsKey(CapHeaders.CORRELATION_ID)) {
            checkCorrelation(name, all);
        } else {
            all.put(CapHeaders.CORRELATION_ID, Long.toString(id));
            all.put(CapHeaders.CORRELATION_SEQUENCE, "0");
        }
        String traceParent = tracing.published(subject, id);
        if (traceParent != null) {
            all.put(CapHeaders.TRACE_PARENT, traceParent);
        }
        if (callbackName != null && !callbackName.isEmpty()) {
            all.put(CapHeaders.CALLBACK_NAME, options.subjectOf(checkName(callbackName)));
        }
        if (delay != null) {
            all.put(CapHeaders.DELAY_TIME, CapTimes.delayTime(delay));
        }
        int size = json.getBytes(StandardCharsets.UTF_8).length;
        if (size > maxPayload) {
            throw new CapPublishException("Event '" + name + "' is " + size + " bytes of JSON; the NATS server accepts at most "
                    + maxPayload + " bytes (max_payload)");
        }
        return new CapMessage(id, subject, all, json);
    }

    /** A caller's cap-msg-id: natscap keeps it as the message's Id (and Nats-Msg-Id), so it must be a positive number. */
    private static long suppliedId(String name, String text) {
        try {
            long id = Long.parseLong(text.trim());
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException notANumber) {
            // refused below
        }
        throw new CapPublishException(CapHeaders.MESSAGE_ID + " '" + text + "' of event '" + name + "' must be a positive number "
                + "(natscap stores it as the message's Id, as CAP's snowflake ids are)");
    }

    private static void checkCorrelation(String name, Map<String, String> headers) {
        if (headers.get(CapHeaders.CORRELATION_ID).isBlank()) {
            throw new CapPublishException(CapHeaders.CORRELATION_ID + " of event '" + name + "' is empty");
        }
        String sequence = headers.get(CapHeaders.CORRELATION_SEQUENCE);
        if (sequence != null && !sequence.matches("\\d{1,9}")) {
            throw new CapPublishException(CapHeaders.CORRELATION_SEQUENCE + " '" + sequence + "' of event '" + name
                    + "' must be a number from 0");
        }
    }

    private static String checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new CapPublishException("An event needs a name (its NATS subject)");
        }
        for (String token : name.split("\\.", -1)) {
            if (token.isEmpty() || token.chars().anyMatch(c -> c == '*' || c == '>' || Character.isWhitespace(c))) {
                throw new CapPublishException("'" + name + "' is not a valid NATS subject to publish to: "
                        + "no empty tokens, spaces, '*' or '>'");
            }
        }
        return name;
    }

    private String serialize(String name, Object value) {
        try {
            return value == null ? "null" : jsonb.toJson(value);
        } catch (JsonbException | IllegalArgumentException e) {
            throw new CapPublishException("The value of event '" + name + "' (" + value.getClass().getName()
                    + ") cannot be written as JSON: " + e.getMessage(), e);
        }
    }
}
