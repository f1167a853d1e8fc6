package com.certyneo.slack.delivery;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Delivery pipeline settings (properties {@code delivery.*}; see docs/operations.md). */
@ConfigMapping(prefix = "delivery")
public interface DeliveryConfig {

    /**
     * Minimum gap between two chat.postMessage to one channel, across replicas. Slack allows one per second
     * where it receives them. The margin for network jitter is built in: the next slot of a channel starts one
     * interval after Slack's answer to the previous call, and Slack received that call before answering, so the
     * gap at Slack's side is at least one interval plus a round trip. Any margin added here slows every burst
     * (60 messages: 59 × the margin; with 1100 ms a burst of 60 took 65 s).
     */
    @WithDefault("1000ms")
    Duration paceInterval();

    /**
     * How early a channel's next head may be claimed before its slot, at least: the claim query skips channels whose
     * slot is further away, so a worker is not held waiting, and a timer wakes the dispatcher this long before the
     * slot. It stretches with the claim interval when claims are costly ({@link ClaimCadence}).
     */
    @WithDefault("100ms")
    Duration claimAhead();

    /**
     * At most one claim query per this interval at least (wake-ups in between are merged into the next one). Shorter
     * than {@link #claimAhead()}, so that a channel woken for its slot is still claimed before it. It stretches when
     * claims are costly, so that they take at most a fifth of the time ({@link ClaimCadence}).
     */
    @WithDefault("50ms")
    Duration claimInterval();

    /** At most one NOTIFY delivery_queued per this interval (coalesced) for the other replicas; see QueueSignal. */
    @WithDefault("10ms")
    Duration notifyInterval();

    /** How long a claim stays ours; a dead replica's deliveries are taken over once it has expired. */
    @WithDefault("60s")
    Duration lease();

    /** First retry delay after a transient failure; doubles per attempt (with jitter) up to the cap. */
    @WithDefault("2s")
    Duration backoffBase();

    @WithDefault("10m")
    Duration backoffCap();

    /**
     * Outage probe: how often each workspace whose deliveries all wait on a transient-failure backoff gets one of
     * them tried now. When it succeeds, the workspace's other retrying deliveries go at once, so a backlog starts
     * flowing within about this interval after Slack comes back, however long the outage and the backoff were.
     */
    @WithDefault("10s")
    Duration probeInterval();

    /**
     * The admin test message books its channel's next slot only when that slot is at most this far away; otherwise
     * it is answered 429 with Retry-After (it never waits out a pause, nor books slots far ahead of deliveries).
     */
    @WithDefault("3s")
    Duration testMessageMaxWait();

    /** Transient failures are retried until this long after the event was accepted, then failed. */
    @WithDefault("24h")
    Duration retryHorizon();

    /**
     * Deliveries held because the channel refuses posts (bot not invited, channel archived or gone) end failed once
     * held this long without anyone fixing the channel.
     */
    @WithDefault("24h")
    Duration holdHorizon();

    /** How often held deliveries are checked against {@link #holdHorizon()} (and the held gauge refreshed). */
    @WithDefault("30s")
    Duration holdCheckInterval();

    /** Safety-net sweep when no LISTEN/NOTIFY wake-up arrives (also refreshes the queue gauges). */
    @WithDefault("5s")
    Duration sweepInterval();

    /** How often the retention purge runs. */
    @WithDefault("1h")
    Duration purgeInterval();

    /** Ended deliveries (ids, types, outcomes — no personal data) are deleted after this. */
    @WithDefault("90d")
    Duration retention();

    /**
     * Intake group commit: at most this many webhooks stored by one statement. A lone webhook is stored at once;
     * webhooks arriving while statements run wait for the next one and share its commit.
     */
    @WithDefault("256")
    int intakeBatch();

    /**
     * Intake statements in flight at once on this replica; arrivals beyond that are grouped into the next. One: a
     * lone webhook still goes at once, and under load the batches grow. A statement's fixed cost is two to three
     * times a row's, so larger batches cost PostgreSQL a fifth less CPU at the same rate (BENCHMARKS.md), which on
     * shared cores is also a shorter wait for every webhook.
     */
    @WithDefault("1")
    int intakeStatements();

    /**
     * How many deliveries one replica has in flight at once, most of them waiting for their channel's slot (up to the
     * claim-ahead, see {@link ClaimCadence}): about busy channels × claim-ahead / 1 s. 1024 sustain 1,000 busy
     * channels; each waiting delivery is a timer and its claimed row, not a thread.
     */
    @WithDefault("1024")
    int concurrency();

    /** On shutdown, how long in-flight deliveries may take to finish before their claims are released. */
    @WithDefault("15s")
    Duration shutdownGrace();

    /** Whether this process claims deliveries at all (off for a replica that should only accept webhooks). */
    @WithDefault("true")
    boolean enabled();
}
