package com.certyneo.slack.delivery;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Delivery pipeline settings (properties {@code delivery.*}; see docs/delivery.md). */
@ConfigMapping(prefix = "delivery")
public interface DeliveryConfig {

    /**
     * Minimum gap between two chat.postMessage to one channel, across replicas. Slack allows one per second
     * where it receives them; the margin above 1 s absorbs network jitter.
     */
    @WithDefault("1100ms")
    Duration paceInterval();

    /** How long a claim stays ours; a dead replica's deliveries are taken over once it has expired. */
    @WithDefault("60s")
    Duration lease();

    /** First retry delay after a transient failure; doubles per attempt (with jitter) up to the cap. */
    @WithDefault("2s")
    Duration backoffBase();

    @WithDefault("10m")
    Duration backoffCap();

    /** Transient failures are retried until this long after the event was accepted, then failed. */
    @WithDefault("24h")
    Duration retryHorizon();

    /** Safety-net sweep when no LISTEN/NOTIFY wake-up arrives (also refreshes the queue gauges). */
    @WithDefault("5s")
    Duration sweepInterval();

    /** How often the retention purge runs. */
    @WithDefault("1h")
    Duration purgeInterval();

    /** Ended deliveries (ids, types, outcomes — no personal data) are deleted after this. */
    @WithDefault("90d")
    Duration retention();

    /** How many deliveries (hence channels) one replica works on at once. */
    @WithDefault("16")
    int concurrency();

    /** On shutdown, how long in-flight deliveries may take to finish before their claims are released. */
    @WithDefault("15s")
    Duration shutdownGrace();

    /** Whether this process claims deliveries at all (off for a replica that should only accept webhooks). */
    @WithDefault("true")
    boolean enabled();
}
