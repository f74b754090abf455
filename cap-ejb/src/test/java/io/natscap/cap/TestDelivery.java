package io.natscap.cap;

import io.natscap.nats.NatsMessage;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JetStream delivery (the first of at most 10) to group billing.v1, as nats-ra hands it over:
 * for the tests that run the inbox outside a container. The stream is the subject's first token.
 */
public record TestDelivery(String subject, Map<String, List<String>> headers, byte[] body, long streamSequence)
        implements NatsMessage {

    /** A delivery with these headers (one value each) and this UTF-8 body. */
    public static TestDelivery of(String subject, Map<String, String> headers, String body, long streamSequence) {
        return withBytes(subject, headers, body.getBytes(StandardCharsets.UTF_8), streamSequence);
    }

    public static TestDelivery withBytes(String subject, Map<String, String> headers, byte[] body, long streamSequence) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        headers.forEach((name, value) -> multi.put(name, List.of(value)));
        return new TestDelivery(subject, Map.copyOf(multi), body, streamSequence);
    }

    @Override
    public String replyTo() {
        return null;
    }

    @Override
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null ? null : values.get(0);
    }

    @Override
    public boolean isJetStream() {
        return true;
    }

    @Override
    public String stream() {
        return subject.split("\\.")[0];
    }

    @Override
    public long deliveryCount() {
        return 1;
    }

    @Override
    public long maxDeliver() {
        return 10;
    }

    @Override
    public String group() {
        return "billing.v1";
    }
}
