package com.certyneo.slack.delivery;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.ThreadLocalRandom;

/** Backoff after transient failures and the retry horizon, which also bounds 429 pauses (SPEC section 7). */
final class RetryPolicy {

    private final DeliveryConfig config;

    RetryPolicy(DeliveryConfig config) {
        this.config = config;
    }

    /** Capped exponential backoff with "equal jitter": between half and all of base·2^(n-1), at most the cap. */
    Duration backoff(int attempts) {
        long base = config.backoffBase().toMillis();
        long cap = config.backoffCap().toMillis();
        long exp = base << Math.min(Math.max(0, attempts - 1), 30);
        long ceiling = Math.min(cap, exp < 0 ? cap : exp);
        long half = ceiling / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
    }

    /** Whether trying again after {@code wait} would be past the delivery's horizon (acceptance + retry-horizon). */
    boolean pastHorizon(ClaimedDelivery d, Duration wait) {
        return OffsetDateTime.now().plus(wait).isAfter(d.receivedAt().plus(config.retryHorizon()));
    }

    /** The audit's last error of a delivery given up on. */
    String gaveUp(String error) {
        return error + " (gave up after " + config.retryHorizon() + ")";
    }
}
