package com.certyneo.slack.delivery;

import java.time.Duration;

/**
 * Backoff after transient failures and the retry horizon, which also bounds 429 pauses (SPEC section 7). Pure: the
 * jitter is an argument, so the same inputs always give the same delay.
 */
record RetryPolicy(Duration base, Duration cap, Duration horizon) {

    /**
     * Capped exponential backoff with "equal jitter": between half and all of min(cap, base·2^(n-1)).
     *
     * @param attempts attempts spent so far (0 and 1 both give the base)
     * @param jitter in [0, 1]: 0 gives half the ceiling, 1 all of it
     */
    Duration backoff(int attempts, double jitter) {
        long capMs = cap.toMillis();
        long exp = base.toMillis() << Math.min(Math.max(0, attempts - 1), 30);
        long ceiling = Math.min(capMs, exp < 0 ? capMs : exp);
        long half = ceiling / 2;
        return Duration.ofMillis(half + Math.round((ceiling - half) * Math.min(1, Math.max(0, jitter))));
    }

    /** Whether trying again after {@code wait} would be past the horizon of a delivery accepted {@code age} ago. */
    boolean pastHorizon(Duration age, Duration wait) {
        return age.plus(wait).compareTo(horizon) > 0;
    }

    /** The audit's last error of a delivery given up on. */
    String gaveUp(String error) {
        return error + " (gave up after " + horizon + ")";
    }
}
