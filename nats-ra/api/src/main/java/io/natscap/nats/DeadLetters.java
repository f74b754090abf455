package io.natscap.nats;

/**
 * The headers nats-ra adds to a message it moves to a bean's dead-letter subject (activation
 * properties {@code deadLetter} and {@code deadLetterSubject}) after its last failed delivery. The
 * original headers and body are kept as they were.
 */
public final class DeadLetters {

    /** Why the last delivery failed: the bean's exception, {@code Type: message}. */
    public static final String REASON = "natscap-dead-letter-reason";
    /** The subject the message was published to. */
    public static final String SUBJECT = "natscap-dead-letter-subject";
    /** The stream, and the sequence in it, of the original. */
    public static final String STREAM = "natscap-dead-letter-stream";
    public static final String SEQUENCE = "natscap-dead-letter-sequence";
    /** The durable that gave up, and after how many deliveries. */
    public static final String DURABLE = "natscap-dead-letter-durable";
    public static final String DELIVERIES = "natscap-dead-letter-deliveries";
    /** What a dead-letter subject defaults to: the original subject with this appended. */
    public static final String DEFAULT_SUFFIX = ".dlq";

    private DeadLetters() {
    }
}
