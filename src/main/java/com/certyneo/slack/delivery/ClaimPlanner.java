package com.certyneo.slack.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

/**
 * Which claims a {@link DeliveryDispatcher} makes, and when. Two kinds:
 * <ul>
 * <li>the walk over every channel's head, when something may be queued that the dispatcher does not know of
 * ({@link #wantWalk()}), at most one per claim-interval ({@link ClaimCadence});</li>
 * <li>the follow-up of channels it knows ({@link ChannelFollowUps}): the channel of each delivery it ended, and each
 * head a claim saw but did not take, claimed by key when its time comes.</li>
 * </ul>
 * One timer, for the earliest of them, signals the dispatcher again. {@link #claim()} is called by one claim stage at a
 * time; the other methods from any thread.
 */
final class ClaimPlanner {

    private static final Logger LOG = Logger.getLogger(DeliveryDispatcher.class);
    private static final Duration LATE = Duration.ofMillis(20); // so that the database clock has passed it too
    private static final long MERGE_NANOS = Duration.ofMillis(10).toNanos();
    /**
     * Follow-ups due within this window are claimed together (claim-ahead widened by as much), so that a thousand
     * channels whose slots are spread over the second take one statement per window, not one each.
     */
    static final Duration FOLLOW_UP_WINDOW = Duration.ofMillis(20);

    private final String owner;
    private final DeliveryQueue queue;
    private final DeliveryConfig config;
    private final ClaimCadence cadence;
    private final ChannelFollowUps followUps = new ChannelFollowUps();
    /** The dispatcher's deliveries claimed and not ended: a claim takes at most the concurrency left. */
    private final AtomicInteger inFlight;
    private final Runnable signal;
    private final BooleanSupplier stopped;
    private final Function<Duration, Uni<Void>> timer;

    // written by the claim stage only, which runs one claim at a time
    private volatile long lastWalk = System.nanoTime() - Duration.ofHours(1).toNanos();
    private volatile boolean walkWanted = true;
    private volatile long timerAt; // the last timer armed: when it is due (System.nanoTime)
    // set by the claim stage when it arms that timer, cleared by the timer when it fires
    private volatile boolean timerPending;

    ClaimPlanner(String owner, DeliveryQueue queue, DeliveryConfig config, AtomicInteger inFlight, Runnable signal,
            BooleanSupplier stopped) {
        this(owner, queue, config, inFlight, signal, stopped, ClaimSlots::after);
    }

    /** {@code timer}: completes after about the given delay (a test gives one that fires early). */
    ClaimPlanner(String owner, DeliveryQueue queue, DeliveryConfig config, AtomicInteger inFlight, Runnable signal,
            BooleanSupplier stopped, Function<Duration, Uni<Void>> timer) {
        this.owner = owner;
        this.queue = queue;
        this.config = config;
        this.cadence = new ClaimCadence(config.claimInterval(), config.claimAhead());
        this.inFlight = inFlight;
        this.signal = signal;
        this.stopped = stopped;
        this.timer = timer;
    }

    /** Something may be queued that the dispatcher does not follow: the next claim walks, once its interval allows. */
    void wantWalk() {
        walkWanted = true;
    }

    /**
     * A delivery of {@code channel} ended: its channel's next head is claimed claim-ahead before the next slot after
     * a message Slack took (one interval after the answer, a moment ago); after anything else the claim tells when.
     */
    void ended(ChannelKey channel, boolean sent) {
        Duration delay = sent ? config.paceInterval().minus(cadence.followUpAhead()) : Duration.ZERO;
        followUps.at(channel, System.nanoTime() + Math.max(0, delay.toNanos()));
    }

    /** The follow-ups whose time has come, then the walk if one is due; the timer armed for what comes next. */
    Uni<List<ClaimedDelivery>> claim() {
        // each claim recovers on its own: deliveries the follow-up claimed (leased, counted in flight) must reach
        // the pipeline even when the walk after it fails, or they would wait out their lease and never leave inFlight
        return claimFollowUps().onFailure().recoverWithItem(ClaimPlanner::failed)
                .chain(followed -> walkIfDue().onFailure().recoverWithItem(ClaimPlanner::failed)
                        .map(walked -> concat(followed, walked)))
                .invoke(this::armTimer);
    }

    /** The database is unreachable or restarting: the sweep tries again (it wants a walk). */
    private static List<ClaimedDelivery> failed(Throwable failure) {
        LOG.warnf("Claiming deliveries failed (%s); retrying on the next sweep", failure.getClass().getSimpleName());
        return List.of();
    }

    private Uni<List<ClaimedDelivery>> claimFollowUps() {
        int free = config.concurrency() - inFlight.get();
        List<ChannelKey> due = stopped.getAsBoolean() || free <= 0
                ? List.of()
                : followUps.takeDue(System.nanoTime() + FOLLOW_UP_WINDOW.toNanos(), free);
        if (due.isEmpty()) {
            return Uni.createFrom().item(List.of()); // at capacity: the end of an in-flight delivery signals again
        }
        Duration ahead = cadence.followUpAhead().plus(FOLLOW_UP_WINDOW);
        return queue.claim(owner, due, config.lease(), ahead).onFailure().invoke(failure -> {
            // not sooner than the sweep, so that a database down is not asked again every few milliseconds
            long later = System.nanoTime() + config.sweepInterval().toNanos();
            due.forEach(channel -> followUps.at(channel, later));
        }).map(claim -> taken(claim, due.size(), false));
    }

    /**
     * The walk, when one is wanted and the claim-interval has passed since the last: with hundreds of channels, a
     * walk per finished delivery (each a probe per channel) cost more database CPU than the deliveries themselves.
     */
    private Uni<List<ClaimedDelivery>> walkIfDue() {
        int free = config.concurrency() - inFlight.get();
        if (!walkWanted || stopped.getAsBoolean() || free <= 0
                || System.nanoTime() - (lastWalk + cadence.interval().toNanos()) < 0) {
            return Uni.createFrom().item(List.of()); // the timer, or the end of an in-flight delivery, comes back
        }
        walkWanted = false;
        long started = System.nanoTime();
        lastWalk = started;
        return queue.claim(owner, free, config.lease(), cadence.ahead()).map(claim -> {
            cadence.observe(Duration.ofNanos(System.nanoTime() - started));
            return taken(claim, free, true);
        });
    }

    private List<ClaimedDelivery> taken(DeliveryQueue.Claim claim, int limit, boolean walk) {
        inFlight.addAndGet(claim.deliveries().size());
        long now = System.nanoTime();
        // a head waits for a slot, a pause or its retry: be there when it ends, not at the next walk
        claim.notTaken().forEach((channel, due) -> followUps.at(channel, now + due.toNanos()));
        claim.deliveries().forEach(d -> followUps.forget(ChannelKey.of(d)));
        if (claim.deliveries().size() == limit) {
            if (walk) {
                walkWanted = true; // there may be more
            }
            signal.run();
        }
        return claim.deliveries();
    }

    /** The one timer: for the earliest follow-up, or for the walk wanted once its interval has passed. */
    private void armTimer() {
        long now = System.nanoTime();
        long next = Long.MAX_VALUE;
        var earliest = followUps.earliest();
        if (earliest.isPresent() && inFlight.get() < config.concurrency()) { // else the next end signals
            next = Math.max(now, earliest.getAsLong());
        }
        if (walkWanted) {
            next = Math.min(next, Math.max(now, lastWalk + cadence.interval().toNanos()));
        }
        if (next != Long.MAX_VALUE) {
            signalAfter(Duration.ofNanos(next - now));
        }
    }

    /**
     * Arms a timer unless one not fired yet comes at most {@link #MERGE_NANOS} later. Whether it has fired is what
     * counts, not its due time: a timer fires up to a millisecond early (millisecond scheduling), and a claim that
     * fast, taken for still pending, armed nothing more; the dispatcher then waited for the sweep (up to 5 s).
     */
    private void signalAfter(Duration delay) {
        long at = System.nanoTime() + delay.plus(LATE).toNanos();
        if (timerPending && timerAt - (at + MERGE_NANOS) <= 0) {
            return; // its claim arms the next timer
        }
        timerAt = at; // a later timer still armed only causes one more claim
        timerPending = true;
        timer.apply(delay.plus(LATE)).subscribe().with(x -> {
            if (timerAt == at) {
                timerPending = false; // before the signal, so that the claim it makes arms the next timer
            }
            signal.run();
        });
    }

    private static List<ClaimedDelivery> concat(List<ClaimedDelivery> a, List<ClaimedDelivery> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isEmpty() ? b : a;
        }
        List<ClaimedDelivery> both = new ArrayList<>(a);
        both.addAll(b);
        return both;
    }
}
