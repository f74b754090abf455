package io.natscap.it.subscribers;

import io.natscap.cap.CapContext;

/**
 * One run of a test subscriber's business method, as the subscriber saw it and as the test reads
 * it back.
 *
 * @param subscriber          the subscriber's simple class name
 * @param value               what it handled: the order id, or the text of a string event
 * @param messageId           cap-msg-id
 * @param messageType         cap-msg-type, or "" when the message had none
 * @param deliveryCount       the delivery that ran it (1 the first time)
 * @param correlationId       cap-corr-id
 * @param correlationSequence cap-corr-seq
 */
public record Handled(String subscriber, String value, long messageId, String messageType, long deliveryCount,
                      String correlationId, int correlationSequence) {

    /** Fields are separated by a tab on the way from the servlet to the test; values have none. */
    private static final String SEPARATOR = "\t";

    static Handled of(Object subscriber, String value, CapContext context) {
        return new Handled(subscriber.getClass().getSimpleName(), value, context.messageId(),
                context.headers().getOrDefault("cap-msg-type", ""), context.deliveryCount(), context.correlationId(),
                context.correlationSequence());
    }

    String line() {
        return String.join(SEPARATOR, subscriber, value, Long.toString(messageId), messageType, Long.toString(deliveryCount),
                correlationId, Integer.toString(correlationSequence));
    }

    public static Handled parse(String line) {
        String[] f = line.split(SEPARATOR, -1);
        if (f.length != 7) {
            throw new IllegalArgumentException("not a line of Handled: " + line);
        }
        return new Handled(f[0], f[1], Long.parseLong(f[2]), f[3], Long.parseLong(f[4]), f[5], Integer.parseInt(f[6]));
    }
}
