package io.natscap.cap;

/**
 * Traces messages from publish to subscriber: a CDI bean of the application that implements it is
 * used by natscap (cap-microprofile's, on MicroProfile Telemetry, is one). Without one, natscap
 * sends the {@code traceparent} of the span active at publish, and starts no span of its own.
 * Calls come on the publishing thread and on the delivery thread; what they throw is logged and
 * ignored.
 */
public interface CapTracing {

    /**
     * A message is being published on this thread: start and end its producer span.
     *
     * @return the W3C traceparent to send with the message (the producer span's), or null for none
     */
    String published(String name, long messageId);

    /**
     * A delivery of a message to a group's subscriber starts: start its consumer span, a child of
     * {@code traceparent} (null when the message carries none), current until the span is closed.
     * Every delivery gets a span of its own, so a retry is a new span in the same trace.
     *
     * @param attempt the delivery's count: 1 the first time
     */
    Delivery delivering(String name, String group, long messageId, String traceparent, long attempt);

    /** One delivery's span. */
    interface Delivery extends AutoCloseable {

        /** The subscriber threw: the span records it and ends with an error status when closed. */
        void failed(Throwable error);

        /** Ends the span. */
        @Override
        void close();
    }
}
