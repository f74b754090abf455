package io.natscap.cap.messages;

import java.time.Instant;

import io.natscap.cap.config.CapOptions;

/**
 * CAP's message ids: 64-bit snowflakes (41 bits of milliseconds since CAP's epoch, 10 bits of
 * worker id, 12 bits of sequence), written as decimal strings in cap-msg-id. Two instances with
 * the same worker id can mint the same id, which JetStream's duplicate window and the inbox would
 * then drop as a duplicate: the worker id comes from {@code cap.workerId} or from a lease in the
 * database ({@link io.natscap.cap.storage.WorkerIdLease}).
 */
public final class SnowflakeId {

    /** Twitter's epoch, which CAP's SnowflakeId uses: 2010-11-04T01:42:54.657Z. */
    private static final long EPOCH = 1288834974657L;

    private long workerId;
    private long lastMillis = -1;
    private long sequence;

    public static final int MAX_WORKER_ID = CapOptions.MAX_WORKER_ID;

    public SnowflakeId(int workerId) {
        if (workerId < 0 || workerId > MAX_WORKER_ID) {
            throw new IllegalArgumentException("worker id must be 0 to " + MAX_WORKER_ID + ", was " + workerId);
        }
        this.workerId = workerId;
    }

    /** Mints with another worker id from now on (a new lease). */
    public synchronized void useWorkerId(int workerId) {
        if (workerId < 0 || workerId > MAX_WORKER_ID) {
            throw new IllegalArgumentException("worker id must be 0 to " + MAX_WORKER_ID + ", was " + workerId);
        }
        this.workerId = workerId;
    }

    /** When an id minted by a snowflake generator like this one was minted (CAP's ids too). */
    public static Instant mintedAt(long id) {
        return Instant.ofEpochMilli((id >>> 22) + EPOCH);
    }

    public synchronized long next() {
        long now = System.currentTimeMillis();
        if (now < lastMillis) {
            now = lastMillis; // the clock went back: stay on the last millisecond
        }
        if (now == lastMillis) {
            sequence = (sequence + 1) & 0xFFF;
            if (sequence == 0) {
                // 4096 ids in this millisecond: wait for the next one
                while ((now = System.currentTimeMillis()) <= lastMillis) {
                    Thread.onSpinWait();
                }
            }
        } else {
            sequence = 0;
        }
        lastMillis = now;
        return ((now - EPOCH) << 22) | (workerId << 12) | sequence;
    }
}
