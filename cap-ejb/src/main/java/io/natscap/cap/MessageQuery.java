package io.natscap.cap;

import java.time.Instant;

/**
 * Which messages to list, newest first, one page at a time. Every criterion is optional (null:
 * any); pages follow each other through {@link MessagePage#nextBefore()} (keyset paging: a page
 * costs the same however deep it is).
 *
 * @param status      only this status
 * @param name        only this event name (exact)
 * @param group       only this subscriber group (received messages)
 * @param addedFrom   added at or after
 * @param addedBefore added before
 * @param before      only rows whose id is smaller (the previous page's {@code nextBefore})
 * @param limit       rows per page, 1 to {@link #MAX_LIMIT}
 */
public record MessageQuery(MessageStatus status, String name, String group, Instant addedFrom, Instant addedBefore,
                           Long before, int limit) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    public MessageQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", was " + limit);
        }
    }

    /** The first page of every message. */
    public static MessageQuery all() {
        return new MessageQuery(null, null, null, null, null, null, DEFAULT_LIMIT);
    }

    public MessageQuery withStatus(MessageStatus status) {
        return new MessageQuery(status, name, group, addedFrom, addedBefore, before, limit);
    }

    public MessageQuery withName(String name) {
        return new MessageQuery(status, name, group, addedFrom, addedBefore, before, limit);
    }

    public MessageQuery withGroup(String group) {
        return new MessageQuery(status, name, group, addedFrom, addedBefore, before, limit);
    }

    public MessageQuery addedBetween(Instant from, Instant before) {
        return new MessageQuery(status, name, group, from, before, this.before, limit);
    }

    public MessageQuery before(Long id) {
        return new MessageQuery(status, name, group, addedFrom, addedBefore, id, limit);
    }

    public MessageQuery withLimit(int limit) {
        return new MessageQuery(status, name, group, addedFrom, addedBefore, before, limit);
    }
}
