package com.certyneo.slack.delivery;

import java.time.Duration;
import java.util.concurrent.ConcurrentSkipListSet;

import io.smallrye.mutiny.Uni;

/**
 * Timers that wake a dispatcher at a given instant. Claims run up to twenty times a second and each tells when the
 * earliest blocked head becomes claimable, so timers for (almost) the same instant are merged: one per instant, not
 * one per claim.
 */
final class WakeTimers {

    /** Timers this close to each other are one. */
    private static final long MERGE_NANOS = Duration.ofMillis(10).toNanos();
    /** Fire just after the instant, so the database clock has passed it too. */
    private static final Duration LATE = Duration.ofMillis(20);

    private final Runnable wake;
    private final ConcurrentSkipListSet<Long> pending = new ConcurrentSkipListSet<>();

    WakeTimers(Runnable wake) {
        this.wake = wake;
    }

    /** Wakes after {@code delay} (plus a few milliseconds), unless a timer already fires at about that instant. */
    void wakeAfter(Duration delay) {
        long at = System.nanoTime() + delay.plus(LATE).toNanos();
        Long near = pending.ceiling(at - MERGE_NANOS);
        if (near != null && near <= at + MERGE_NANOS) {
            return;
        }
        pending.add(at);
        Uni.createFrom().voidItem().onItem().delayIt().by(delay.plus(LATE)).subscribe().with(x -> fire(at),
                x -> fire(at));
    }

    private void fire(long at) {
        pending.remove(at);
        wake.run();
    }
}
