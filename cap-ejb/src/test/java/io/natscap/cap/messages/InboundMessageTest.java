package io.natscap.cap.messages;

import io.natscap.cap.CapHeaders;
import io.natscap.cap.TestDelivery;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a received message is read: CAP's headers, foreign producers, input that cannot be processed. */
class InboundMessageTest {

    private static TestDelivery delivery(Map<String, String> headers, String body, long sequence) {
        return TestDelivery.of("orders.created", headers, body, sequence);
    }

    @Test
    void aCapMessageIsReadWithItsIdNameAndHeaders() {
        InboundMessage message = InboundMessage.read(delivery(Map.of(CapHeaders.MESSAGE_ID, "2125319413252452352",
                CapHeaders.MESSAGE_NAME, "orders.created", CapHeaders.CORRELATION_SEQUENCE, "2"), "{\"orderId\":\"o-1\"}", 7));
        assertNull(message.problem());
        assertEquals(2125319413252452352L, message.messageId());
        assertEquals("orders.created", message.name());
        assertEquals("{\"orderId\":\"o-1\"}", message.json());
        assertEquals(2, message.correlationSequence());
        assertEquals("2125319413252452352", message.headers().get(CapHeaders.CORRELATION_ID), "defaults to the id");
        assertTrue(message.content().startsWith("{\"Headers\":{"), message.content());
    }

    @Test
    void aForeignProducersMessageWithoutIdGetsOneThatRedeliveriesShare() {
        InboundMessage first = InboundMessage.read(delivery(Map.of(CapHeaders.MESSAGE_NAME, "orders.created"), "{}", 42));
        InboundMessage redelivered = InboundMessage.read(delivery(Map.of(CapHeaders.MESSAGE_NAME, "orders.created"), "{}", 42));
        InboundMessage another = InboundMessage.read(delivery(Map.of(CapHeaders.MESSAGE_NAME, "orders.created"), "{}", 43));
        assertNull(first.problem());
        assertEquals(first.messageId(), redelivered.messageId());
        assertTrue(first.messageId() != another.messageId());
        assertEquals(Long.toString(first.messageId()), first.headers().get(CapHeaders.MESSAGE_ID));
    }

    @Test
    void whatCannotBeProcessedSaysWhy() {
        assertEquals("the message has no cap-msg-name header",
                InboundMessage.read(delivery(Map.of(CapHeaders.MESSAGE_ID, "1"), "{}", 1)).problem());
        assertEquals("cap-msg-id 'abc' is not a number", InboundMessage.read(delivery(
                Map.of(CapHeaders.MESSAGE_ID, "abc", CapHeaders.MESSAGE_NAME, "a"), "{}", 1)).problem());
        TestDelivery latin1 = TestDelivery.withBytes("orders.created", Map.of(CapHeaders.MESSAGE_NAME, "a"),
                new byte[] {(byte) 0xE9, (byte) 0xFF}, 1);
        assertEquals("the body is not UTF-8 text", InboundMessage.read(latin1).problem());
        TestDelivery huge = TestDelivery.withBytes("orders.created", Map.of(CapHeaders.MESSAGE_NAME, "a"),
                new byte[InboundMessage.MAX_BODY_BYTES + 1], 1);
        assertTrue(InboundMessage.read(huge).problem().startsWith("the body is 1048577 bytes"), InboundMessage.read(huge).problem());
        assertTrue(InboundMessage.read(latin1).content().contains("\"Value\":null"), "stored without the undecodable body");
    }
}
