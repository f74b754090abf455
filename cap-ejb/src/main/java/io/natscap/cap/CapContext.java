package io.natscap.cap;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a CAP subscriber learns about the message besides its value.
 *
 * @param messageId           cap-msg-id (generated, as CAP does, when a foreign producer sent none)
 * @param name                cap-msg-name: the topic
 * @param group               the subscriber's group
 * @param correlationId       cap-corr-id
 * @param correlationSequence cap-corr-seq
 * @param callbackName        cap-callback-name, or null
 * @param headers             every header of the message
 * @param deliveryCount       how many times it has been delivered (1 the first time)
 */
public record CapContext(long messageId, String name, String group, String correlationId, int correlationSequence,
                         String callbackName, Map<String, String> headers, long deliveryCount) {

    public CapContext {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }
}
