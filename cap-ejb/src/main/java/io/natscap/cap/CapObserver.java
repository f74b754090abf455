package io.natscap.cap;

import java.time.Duration;

/**
 * Told what happens to messages, for metrics and diagnostics: a CDI bean of the application that
 * implements it is called by natscap (cap-microprofile's metrics are one). Calls come on natscap's
 * delivery threads, so an implementation must be quick and must not block; whatever it throws is
 * logged and ignored, it never changes a delivery. Every method does nothing unless overridden.
 *
 * <p>{@code name} is the event name (subject), {@code group} the subscriber group.
 */
public interface CapObserver {

    /**
     * A committed transaction published the message: it is stored and about to be sent. Not told
     * for a delayed message (publishDelay), which is told {@link #sent} when it goes out.
     */
    default void published(String name) {
    }

    /** The stream acknowledged the message; {@code sincePublished} runs from the call to publish. */
    default void sent(String name, Duration sincePublished) {
    }

    /** A send failed; {@code givenUp}: it was the last attempt. */
    default void sendFailed(String name, boolean givenUp) {
    }

    /** Borrowing a connection from the pool for a batch of sends took {@code took}. */
    default void connectionBorrowed(Duration took) {
    }

    /** A message reached a group's inbox for the first time. */
    default void received(String name, String group) {
    }

    /**
     * The group's subscriber processed it (its transaction then commits); {@code sinceSent} runs
     * from the message's cap-senttime (whole seconds, as CAP writes it), null when that header is
     * missing or in no form that CAP or natscap writes.
     */
    default void succeeded(String name, String group, Duration sinceSent) {
    }

    /** The group's subscriber threw; {@code givenUp}: it was the last attempt. */
    default void subscriberFailed(String name, String group, boolean givenUp) {
    }

    /** An operator re-executed a received message in its group. */
    default void reExecuted(String name, String group) {
    }
}
