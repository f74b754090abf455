package io.natscap.it.inbound;

import io.natscap.nats.NatsMessage;

import java.nio.charset.StandardCharsets;

/**
 * One delivery to a test bean, as the bean saw it and as the test reads it back.
 *
 * @param body             the message body as text
 * @param deliveryCount    the delivery's count (1 the first time)
 * @param receivedAtMillis when the bean got it, in the server's clock
 * @param bean             the bean's simple class name
 */
public record Delivery(String body, long deliveryCount, long receivedAtMillis, String bean) {

    /** Fields are separated by a tab on the way from the servlet to the test; bodies have none. */
    private static final String SEPARATOR = "\t";

    static Delivery of(NatsMessage message, String bean) {
        return new Delivery(new String(message.body(), StandardCharsets.UTF_8), message.deliveryCount(),
                System.currentTimeMillis(), bean);
    }

    String line() {
        return String.join(SEPARATOR, body, Long.toString(deliveryCount), Long.toString(receivedAtMillis), bean);
    }

    public static Delivery parse(String line) {
        String[] fields = line.split(SEPARATOR, -1);
        if (fields.length != 4) {
            throw new IllegalArgumentException("not a delivery line: " + line);
        }
        return new Delivery(fields[0], Long.parseLong(fields[1]), Long.parseLong(fields[2]), fields[3]);
    }
}
