package io.natscap.cap;

import java.time.Instant;

/**
 * A published or received message as its table holds it, for an operator.
 *
 * @param id        the row's id: the cap-msg-id of a published message, the inbox row's own id of a received one
 * @param messageId the cap-msg-id
 * @param version   CAP's version column
 * @param name      the event name (subject)
 * @param group     the subscriber group of a received message; null for a published one
 * @param content   CAP's Content: {@code {"Headers":{...},"Value":...}}
 * @param exception the last failure as CAP records it ({@code Type-->message}), or null
 * @param retries   failed attempts so far
 * @param added     when it was stored
 * @param expiresAt when it will be deleted (Succeeded, given up), or when it is due (Delayed); null otherwise
 * @param status    its status
 */
public record MonitoredMessage(long id, long messageId, String version, String name, String group, String content,
                               String exception, int retries, Instant added, Instant expiresAt, MessageStatus status) {
}
