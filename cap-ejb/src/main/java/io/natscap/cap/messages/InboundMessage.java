package io.natscap.cap.messages;

import io.natscap.cap.CapHeaders;
import io.natscap.nats.NatsMessage;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A received message read as CAP reads it: id, name and headers, and the body as UTF-8 JSON, or
 * the reason it cannot be processed at all ({@link #problem()} non-null).
 */
public record InboundMessage(long messageId, String name, Map<String, String> headers, String json, String problem) {

    public InboundMessage {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** The largest body a subscriber takes: what NATS itself allows by default. */
    public static final int MAX_BODY_BYTES = (int) MessageFactory.DEFAULT_MAX_PAYLOAD;

    public static InboundMessage read(NatsMessage message) {
        return read(message, Map.of());
    }

    /** Read with {@code customHeaders} set over the message's own (CAP's CustomHeadersBuilder). */
    public static InboundMessage read(NatsMessage message, Map<String, String> customHeaders) {
        Map<String, String> headers = new LinkedHashMap<>();
        message.headers().forEach((key, values) -> headers.put(key, values.isEmpty() ? "" : values.get(0)));
        if (customHeaders != null) {
            customHeaders.forEach((key, value) -> headers.put(key, value == null ? "" : value));
        }
        long id;
        String idHeader = headers.get(CapHeaders.MESSAGE_ID);
        String problem = null;
        if (idHeader == null || idHeader.isBlank()) {
            // A foreign producer: CAP generates an id. This one is derived from the stream position,
            // so that every redelivery of the message gets the same id and the inbox still works.
            id = generatedId(message);
            headers.put(CapHeaders.MESSAGE_ID, Long.toString(id));
        } else {
            try {
                id = Long.parseLong(idHeader.trim());
            } catch (NumberFormatException e) {
                id = generatedId(message);
                problem = "cap-msg-id '" + idHeader + "' is not a number";
            }
        }
        String name = headers.get(CapHeaders.MESSAGE_NAME);
        if (problem == null && (name == null || name.isBlank())) {
            problem = "the message has no cap-msg-name header";
        }
        headers.putIfAbsent(CapHeaders.CORRELATION_ID, Long.toString(id));
        headers.putIfAbsent(CapHeaders.CORRELATION_SEQUENCE, "0");
        byte[] body = message.body();
        String json = null;
        if (problem == null && body.length > MAX_BODY_BYTES) {
            problem = "the body is " + body.length + " bytes; subscribers take at most " + MAX_BODY_BYTES;
        }
        if (problem == null) {
            try {
                json = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(body)).toString();
            } catch (CharacterCodingException e) {
                problem = "the body is not UTF-8 text";
            }
        }
        return new InboundMessage(id, name == null ? message.subject() : name, Map.copyOf(headers), json, problem);
    }

    private static long generatedId(NatsMessage message) {
        if (message.isJetStream()) {
            return UUID.nameUUIDFromBytes((message.stream() + ":" + message.streamSequence()).getBytes(StandardCharsets.UTF_8))
                    .getMostSignificantBits() & Long.MAX_VALUE;
        }
        return UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE;
    }

    /** This message, to be stored as one that cannot be processed, for {@code reason}. */
    public InboundMessage withProblem(String reason) {
        return new InboundMessage(messageId, name, headers, json, reason);
    }

    /** Content in CAP's shape; a body that is no JSON is kept as a JSON string, one that is no text as null. */
    public String content() {
        return CapMessage.content(headers, json);
    }

    public int correlationSequence() {
        try {
            return Integer.parseInt(headers.get(CapHeaders.CORRELATION_SEQUENCE));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
