package io.natscap.cap.outbox;

import io.natscap.nats.CapNames;
import io.natscap.cap.messages.CapMessage;
import io.natscap.cap.messages.MessageFactory;
import io.natscap.cap.messages.SnowflakeId;

import io.natscap.cap.CapHeaders;
import io.natscap.cap.config.CapOptions;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** CAP's headers and Content, as a .NET CAP service reads them. */
class WireFormatTest {

    private final MessageFactory messages = new MessageFactory(CapOptions.defaults("natscap"), new SnowflakeId(7));

    @Test
    void anActiveTraceTravelsAsTraceparent() {
        SpanContext context = SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
                TraceFlags.getSampled(), TraceState.getDefault());
        try (Scope ignored = Span.wrap(context).makeCurrent()) {
            CapMessage message = messages.create("orders.created", 1, Map.of(), null, null);
            assertEquals("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", message.headers().get(CapHeaders.TRACE_PARENT));
        }
        assertFalse(messages.create("orders.created", 1, Map.of(), null, null).headers().containsKey(CapHeaders.TRACE_PARENT),
                "no trace, no header");
    }

    @Test
    void theContentColumnIsCapsHeadersAndValueAndReadsBack() {
        CapMessage message = messages.create("orders.created", Map.of("orderId", "o-1"), Map.of("tenant", "acme"),
                "orders.billed", null);
        CapMessage back = CapMessage.fromContent(message.id(), message.name(), message.content());
        assertEquals(message.headers(), back.headers());
        assertEquals("{\"orderId\":\"o-1\"}", back.valueJson());
        assertEquals("orders.billed", message.headers().get(CapHeaders.CALLBACK_NAME));
        assertEquals("acme", message.headers().get("tenant"));
        assertEquals(true, message.content().startsWith("{\"Headers\":{"), message.content());
    }

    @Test
    void aCallersIdAndCorrelationAreKeptAsCapKeepsThem() {
        CapMessage own = messages.create("orders.created", 1, Map.of("Cap-Msg-Id", "2128567213041528832",
                "cap-corr-id", "checkout-77", "cap-corr-seq", "3"), null, null);
        assertEquals(2128567213041528832L, own.id(), "the row's Id and the Nats-Msg-Id are the caller's");
        assertEquals(List.of("2128567213041528832", "checkout-77", "3"), List.of(own.headers().get(CapHeaders.MESSAGE_ID),
                own.headers().get(CapHeaders.CORRELATION_ID), own.headers().get(CapHeaders.CORRELATION_SEQUENCE)));
        assertFalse(own.headers().containsKey("Cap-Msg-Id"), "one cap-msg-id, in CAP's spelling: " + own.headers());

        CapMessage correlatedOnly = messages.create("orders.created", 1, Map.of("cap-corr-id", "checkout-78"), null, null);
        assertEquals("checkout-78", correlatedOnly.headers().get(CapHeaders.CORRELATION_ID));
        assertFalse(correlatedOnly.headers().containsKey(CapHeaders.CORRELATION_SEQUENCE),
                "CAP adds cap-corr-seq 0 only with a correlation of its own");
        assertEquals(Long.toString(correlatedOnly.id()), correlatedOnly.headers().get(CapHeaders.MESSAGE_ID), "a new id");
    }

    @Test
    void theTopicPrefixIsPartOfTheSubject() {
        MessageFactory prefixed = new MessageFactory(CapOptions.defaults("natscap").withNames(new CapNames("", "v1", "shop")),
                new SnowflakeId(1));
        CapMessage message = prefixed.create("orders.created", 1, Map.of(), null, null);
        assertEquals("shop.orders.created", message.name());
        assertEquals("shop.orders.created", message.headers().get(CapHeaders.MESSAGE_NAME));
        assertEquals("shop", OutboxDispatcher.streamOf(message.name()), "CAP names the stream after the first token");
    }

    @Test
    void snowflakeIdsAreUniqueAndIncreasing() {
        SnowflakeId ids = new SnowflakeId(5);
        long previous = 0;
        for (int i = 0; i < 20_000; i++) {
            long next = ids.next();
            if (next <= previous) {
                throw new AssertionError("id " + next + " after " + previous);
            }
            previous = next;
        }
    }
}
