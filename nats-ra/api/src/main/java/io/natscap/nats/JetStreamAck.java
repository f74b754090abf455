package io.natscap.nats;

/**
 * The stream's acknowledgement of a JetStream publish.
 *
 * @param stream    the stream that stored the message
 * @param sequence  its sequence number in that stream
 * @param duplicate true when the stream had already stored a message with the same message id
 *                  within its duplicate window, and so stored nothing this time
 */
public record JetStreamAck(String stream, long sequence, boolean duplicate) {
}
