package io.natscap.console;

import io.natscap.cap.CapObserver;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Messages per second over the last {@link #SECONDS} seconds, counted as this instance handles
 * them (told by natscap as a {@link CapObserver}): the console's live graph. Each instance counts
 * its own; the database's counts are in the overview.
 */
@ApplicationScoped
public class LiveRates implements CapObserver {

    static final int SECONDS = 300;

    private final long[] second = new long[SECONDS];
    private final long[][] counts = new long[SECONDS][Kind.values().length];

    /** What is counted. */
    enum Kind { PUBLISHED, SENT, RECEIVED, SUCCEEDED, FAILED }

    /** One second's counts. */
    record Second(Instant at, long published, long sent, long received, long succeeded, long failed) {
    }

    @Override
    public void published(String name) {
        count(Kind.PUBLISHED);
    }

    @Override
    public void sent(String name, Duration sincePublished) {
        count(Kind.SENT);
    }

    @Override
    public void sendFailed(String name, boolean givenUp) {
        count(Kind.FAILED);
    }

    @Override
    public void received(String name, String group) {
        count(Kind.RECEIVED);
    }

    @Override
    public void succeeded(String name, String group, Duration sinceSent) {
        count(Kind.SUCCEEDED);
    }

    @Override
    public void subscriberFailed(String name, String group, boolean givenUp) {
        count(Kind.FAILED);
    }

    private synchronized void count(Kind kind) {
        long now = Instant.now().getEpochSecond();
        int slot = (int) (now % SECONDS);
        if (second[slot] != now) {
            second[slot] = now;
            Arrays.fill(counts[slot], 0);
        }
        counts[slot][kind.ordinal()]++;
    }

    /** The last {@link #SECONDS} seconds up to the one before now (complete seconds only), oldest first. */
    synchronized List<Second> lastSeconds() {
        long now = Instant.now().getEpochSecond();
        List<Second> result = new ArrayList<>(SECONDS);
        for (long at = now - SECONDS; at < now; at++) {
            int slot = (int) (at % SECONDS);
            long[] c = second[slot] == at ? counts[slot] : new long[Kind.values().length];
            result.add(new Second(Instant.ofEpochSecond(at), c[0], c[1], c[2], c[3], c[4]));
        }
        return result;
    }
}
