package io.natscap.cap.config;

import io.natscap.nats.CapNames;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** CAP's naming options as cap-ejb applies them to a subscriber that names no group. */
class CapOptionsTest {

    @Test
    void aSubscriberWithoutAGroupIsInCapsDefaultGroupNamedAfterTheApplication() {
        CapOptions options = CapOptions.defaults("Orders");
        assertEquals("cap.queue.orders", options.defaultGroupName(), "CAP lower-cases the entry assembly's name");
        assertEquals("cap.queue.orders.v1", options.defaultGroup());
        assertEquals("eu.cap.queue.orders.v2", options.withNames(new CapNames("eu", "v2", "")).defaultGroup(),
                "the group prefix and the version apply to the default group too");
    }

    @Test
    void anInvalidDefaultGroupNameIsNamedByItsKey() {
        CapOptions bad = new CapOptions(CapNames.defaults(), "cap queue", 50, java.time.Duration.ofSeconds(60),
                java.time.Duration.ofSeconds(240), java.time.Duration.ofDays(1), java.time.Duration.ofDays(15),
                java.time.Duration.ofDays(30), java.time.Duration.ofSeconds(300), 1000, "ds", "cf", "cap",
                java.util.Optional.empty(), StreamOptions.defaults());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad::validate);
        assertEquals("cap.defaultGroupName 'cap queue' must contain no spaces, '*' or '>'", e.getMessage());
    }
}
