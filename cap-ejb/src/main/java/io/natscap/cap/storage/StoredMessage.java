package io.natscap.cap.storage;

import io.natscap.cap.MessageStatus;

/** A published row as the processors read it back. */
public record StoredMessage(long id, String name, String content, int retries, MessageStatus status) {
}
