package io.natscap.nats.ra;

import io.natscap.nats.StreamDefinition;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A stream's subjects when beans and the outbox each add what they need: no overlaps. */
class StreamSubjectsTest {

    @Test
    void aWildcardCoversWhatItMatches() {
        assertTrue(StreamDefinition.covers("orders.>", "orders.created"));
        assertTrue(StreamDefinition.covers("orders.>", "orders.created.eu"));
        assertTrue(StreamDefinition.covers("orders.*", "orders.created"));
        assertTrue(StreamDefinition.covers("orders.>", "orders.*"));
        assertFalse(StreamDefinition.covers("orders.*", "orders.created.eu"));
        assertFalse(StreamDefinition.covers("orders.>", "orders"));
        assertFalse(StreamDefinition.covers("orders.created", "orders.>"));
        assertFalse(StreamDefinition.covers("orders.*", "orders.>"));
    }

    @Test
    void aWildcardReplacesTheSubjectsItCoversAndIsNotAddedTwice() {
        assertEquals(List.of("orders.>"), Streams.merge(List.of("orders.created", "orders.paid"), List.of("orders.>")));
        assertEquals(List.of("orders.>"), Streams.merge(List.of("orders.>"), List.of("orders.created")));
        assertEquals(List.of("orders.created", "payments.>"), Streams.merge(List.of("orders.created"), List.of("payments.>")));
        assertEquals(List.of("orders.created"), Streams.merge(List.of("orders.created"), List.of("orders.created")));
    }
}
