package io.natscap.cap.outbox;

/**
 * CAP's message ids: 64-bit snowflakes (41 bits of milliseconds since CAP's epoch, 10 bits of
 * worker id, 12 bits of sequence), written as decimal strings in cap-msg-id.
 */
public final class SnowflakeId {

    /** Twitter's epoch, which CAP's SnowflakeId uses: 2010-11-04T01:42:54.657Z. */
    private static final long EPOCH = 1288834974657L;

    private final long workerId;
    private long lastMillis = -1;
    private long sequence;

    public SnowflakeId(int workerId) {
        if (workerId < 0 || workerId > 1023) {
            throw new IllegalArgumentException("worker id must be 0 to 1023, was " + workerId);
        }
        this.workerId = workerId;
    }

    /** A worker id from the host and process, for when cap.workerId is not set. */
    public static int defaultWorkerId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return Math.floorMod((host + ":" + ProcessHandle.current().pid()).hashCode(), 1024);
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
