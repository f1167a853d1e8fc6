package com.certyneo.slack.delivery;

import java.time.Duration;

/**
 * How often a dispatcher walks every channel's head, and how long before a channel's slot it may claim the channel's
 * head, from what walks cost. A walk probes every channel with a backlog (about 0.08 ms of database time each), so
 * with a thousand busy channels one walk per {@link DeliveryConfig#claimInterval()} would keep PostgreSQL busy with
 * claims alone.
 * The interval stretches so that claims take at most {@link #BUDGET} of the time, and the claim-ahead stretches with
 * it, so that every head is still claimed before its slot and no slot is lost. With few busy channels a claim costs
 * a millisecond and both stay at their configured floors (an idle channel's message leaves at once).
 */
final class ClaimCadence {

    /** Share of wall time claims may take. */
    static final double BUDGET = 0.2;
    static final Duration MAX_INTERVAL = Duration.ofMillis(500);
    /** Below one pace interval, so a head is never claimed before the previous message of its channel is answered. */
    static final Duration MAX_AHEAD = Duration.ofMillis(900);
    /** Covers the wake-up timer's lateness and the claim's own round trip. */
    private static final Duration MARGIN = Duration.ofMillis(30);

    private final Duration minInterval;
    private final Duration minAhead;
    private volatile double costNanos;

    ClaimCadence(Duration minInterval, Duration minAhead) {
        this.minInterval = minInterval;
        this.minAhead = minAhead;
    }

    /** A claim statement took {@code took}, round trip included. */
    void observe(Duration took) {
        double nanos = took.toNanos();
        // smoothed, so that one slow claim (a checkpoint, a GC pause) does not stretch the next ones much
        costNanos = costNanos == 0 ? nanos : 0.7 * costNanos + 0.3 * nanos;
    }

    /** The least time between the starts of two claims. */
    Duration interval() {
        return clamp(Duration.ofNanos((long) (costNanos / BUDGET)), minInterval, MAX_INTERVAL);
    }

    /** How long before its channel's slot a head may be claimed: one interval, two claims and a margin. */
    Duration ahead() {
        Duration needed = interval().plus(Duration.ofNanos((long) (2 * costNanos))).plus(MARGIN);
        return clamp(needed, minAhead, MAX_AHEAD.compareTo(minAhead) > 0 ? MAX_AHEAD : minAhead);
    }

    /**
     * Claim-ahead for a followed channel, claimed on its own timer: it may wait behind one walk in flight and then
     * takes its own claim; no interval to cover. A shorter claim-ahead holds a worker for less time per message.
     */
    Duration followUpAhead() {
        Duration needed = Duration.ofNanos((long) (2 * costNanos)).plus(MARGIN);
        return clamp(needed, minAhead, MAX_AHEAD.compareTo(minAhead) > 0 ? MAX_AHEAD : minAhead);
    }

    private static Duration clamp(Duration d, Duration min, Duration max) {
        return d.compareTo(min) < 0 ? min : d.compareTo(max) > 0 ? max : d;
    }
}
