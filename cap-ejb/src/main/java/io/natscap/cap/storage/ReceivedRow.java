package io.natscap.cap.storage;

import io.natscap.cap.MessageStatus;

/** An inbox row: what earlier deliveries of a message id in a group left. {@code fresh}: inserted just now. */
public record ReceivedRow(long id, MessageStatus status, int retries, boolean fresh) {
}
