package io.natscap.nats.ra;

import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsJetStreamMetaData;
import io.natscap.nats.NatsMessage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A jnats message copied into the API's {@link NatsMessage}: nothing of jnats leaks out. */
public record ReceivedMessage(String subject, String replyTo, Map<String, List<String>> headers, byte[] body,
                              String stream, long streamSequence, long deliveryCount, long maxDeliver,
                              String group) implements NatsMessage {

    /** A reply or other message outside any consumer. */
    public static ReceivedMessage of(Message message) {
        return of(message, 0, null);
    }

    /** A delivery to a consumer that allows {@code maxDeliver} deliveries, in {@code group}. */
    public static ReceivedMessage of(Message message, long maxDeliver, String group) {
        return of(message, maxDeliver, group, 0);
    }

    /** As above, after {@code reruns} runs again in place (an ordered group's retries), which count as deliveries. */
    public static ReceivedMessage of(Message message, long maxDeliver, String group, int reruns) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        Headers natsHeaders = message.getHeaders();
        if (natsHeaders != null) {
            for (String key : natsHeaders.keySet()) {
                headers.put(key, List.copyOf(natsHeaders.get(key)));
            }
        }
        byte[] body = message.getData() == null ? new byte[0] : message.getData();
        if (message.isJetStream()) {
            NatsJetStreamMetaData meta = message.metaData();
            return new ReceivedMessage(message.getSubject(), message.getReplyTo(), Map.copyOf(headers), body,
                    meta.getStream(), meta.streamSequence(), meta.deliveredCount() + reruns, maxDeliver, group);
        }
        return new ReceivedMessage(message.getSubject(), message.getReplyTo(), Map.copyOf(headers), body, null, 0, 0, 0, group);
    }

    @Override
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public boolean isJetStream() {
        return stream != null;
    }

    @Override
    public String toString() {
        return "NatsMessage[subject=" + subject + ", bytes=" + body.length
                + (isJetStream() ? ", stream=" + stream + ", sequence=" + streamSequence : "") + "]";
    }
}
