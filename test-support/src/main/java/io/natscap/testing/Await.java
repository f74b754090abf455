package io.natscap.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded waits: poll a condition, fail with a message that says what never happened. */
public final class Await {

    private Await() {
    }

    /** Polls every 50 ms until the condition holds; fails after {@code limit}. */
    public static void until(Duration limit, BooleanSupplier condition, Supplier<String> whatWasMissing) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Waited " + limit.toSeconds() + " s: " + whatWasMissing.get());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting: " + whatWasMissing.get(), e);
            }
        }
    }

    public static void until(Duration limit, BooleanSupplier condition, String whatWasMissing) {
        until(limit, condition, () -> whatWasMissing);
    }
}
