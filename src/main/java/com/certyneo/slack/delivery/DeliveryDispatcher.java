package com.certyneo.slack.delivery;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import com.certyneo.slack.crypto.TokenCipher;
import com.certyneo.slack.event.EnvelopeEvent;
import com.certyneo.slack.event.EventType;
import com.certyneo.slack.message.MessageRenderer;
import com.certyneo.slack.slackapi.SlackClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * One replica's worker, one Mutiny pipeline (built in the constructor): signals → claims, one at a time (signals
 * during a claim make exactly one claim after it) → per claimed delivery, at most {@code delivery.concurrency} at
 * once: the channel's slot, the Slack call → its {@link Outcome} recorded. Two kinds of claim:
 * <ul>
 * <li>the walk over every channel's head, when something may be queued that this dispatcher does not know of
 * ({@link #wake()}: LISTEN delivery_queued, the sweep, the outage probe, this replica's intake), at most one per
 * claim-interval;</li>
 * <li>the follow-up of channels it knows ({@link ChannelFollowUps}): the channel of each delivery it ended, and each
 * head a claim saw but did not take, claimed by key when its time comes (one timer, for the earliest).</li>
 * </ul>
 * Not a CDI bean so that a test can run two on one database; {@link DeliveryEngine} runs the application's one.
 * Nothing here blocks a thread.
 */
public class DeliveryDispatcher {

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
    private final ChannelPacer pacer;
    private final SlackClient slack;
    private final TokenCipher cipher;
    private final MessageRenderer renderer = new MessageRenderer();
    private final ObjectMapper mapper;
    private final DeliveryMetrics metrics;
    private final DeliveryConfig config;
    private final Outcomes outcomes;
    private final ThreadedDelivery threads;
    private final DigestDelivery digests;
    private final ClaimSlots slots;
    private final ClaimCadence cadence;
    private final ChannelFollowUps followUps = new ChannelFollowUps();

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong delivered = new AtomicLong();
    /** Deliveries whose chat.postMessage has left and whose outcome is not committed yet. */
    private final Set<Long> posting = ConcurrentHashMap.newKeySet();
    private volatile MultiEmitter<? super Long> signals;
    private volatile boolean stopped;
    // written by the claim stage only, which runs one claim at a time
    private volatile long lastWalk = System.nanoTime() - Duration.ofHours(1).toNanos();
    private volatile long timerAt;
    private volatile boolean walkWanted = true;

    public DeliveryDispatcher(String owner, DeliveryQueue queue, ChannelPacer pacer, SlackClient slack,
            TokenCipher cipher, InstallationRevoker revoker, ObjectMapper mapper, DeliveryMetrics metrics,
            DeliveryConfig config) {
        this.owner = owner;
        this.queue = queue;
        this.pacer = pacer;
        this.slack = slack;
        this.cipher = cipher;
        this.mapper = mapper;
        this.metrics = metrics;
        this.config = config;
        this.outcomes = new Outcomes(owner, queue, revoker, metrics,
                new RetryPolicy(config.backoffBase(), config.backoffCap(), config.retryHorizon()));
        this.cadence = new ClaimCadence(config.claimInterval(), config.claimAhead());
        this.slots = new ClaimSlots(owner, queue, pacer, config, posting, () -> stopped);
        this.threads = new ThreadedDelivery(queue, pacer, slack, new ThreadRoots(queue.pool()), outcomes, slots);
        this.digests = new DigestDelivery(owner, queue, pacer, slack, cipher, mapper, metrics, outcomes, config,
                this::inSlot);
        // LATEST keeps one signal while a claim runs: however many arrive, exactly one more claim follows
        Multi.createFrom().<Long>emitter(emitter -> signals = emitter, BackPressureStrategy.LATEST)
                .onItem().transformToMultiAndConcatenate(signal -> claimWhenDue())
                .onItem().transformToUni(this::deliver).merge(config.concurrency())
                .subscribe().with(ended -> {
                }, failure -> LOG.errorf(failure, "Delivery pipeline ended"));
    }

    /**
     * Something may be queued that this dispatcher does not follow: walk every channel's head (at most once per
     * claim-interval) and claim as much as free capacity allows. Cheap and safe to call often.
     */
    public void wake() {
        walkWanted = true;
        signal();
    }

    private void signal() {
        if (!stopped) {
            signals.emit(System.nanoTime());
        }
    }

    private Multi<ClaimedDelivery> claimWhenDue() {
        return claimFollowUps().chain(followed -> walkIfDue().map(walked -> concat(followed, walked)))
                .onFailure().recoverWithItem(failure -> {
                    // the database is unreachable or restarting: the sweep tries again (it wants a walk)
                    LOG.warnf("Claiming deliveries failed (%s); retrying on the next sweep",
                            failure.getClass().getSimpleName());
                    return List.of();
                }).invoke(this::armTimer).onItem().transformToMulti(claimed -> Multi.createFrom().iterable(claimed));
    }

    /** The channels followed up whose time has come, claimed by key; each is followed again when its delivery ends. */
    private Uni<List<ClaimedDelivery>> claimFollowUps() {
        int free = config.concurrency() - inFlight.get();
        List<ChannelKey> due = stopped || free <= 0
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
        if (!walkWanted || stopped || free <= 0
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
            signal();
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

    private void signalAfter(Duration delay) {
        long now = System.nanoTime();
        long at = now + delay.plus(LATE).toNanos();
        if (timerAt - now <= 0 || timerAt - (at + MERGE_NANOS) > 0) {
            timerAt = at; // a later timer still armed only causes one more claim
            ClaimSlots.after(delay.plus(LATE)).subscribe().with(x -> signal());
        }
    }

    private static List<ClaimedDelivery> concat(List<ClaimedDelivery> a, List<ClaimedDelivery> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isEmpty() ? b : a;
        }
        List<ClaimedDelivery> both = new ArrayList<>(a);
        both.addAll(b);
        return both;
    }

    private Uni<ClaimedDelivery> deliver(ClaimedDelivery d) {
        return Uni.createFrom().deferred(() -> process(d)).onFailure().recoverWithItem(failure -> {
            // the outcome could not be written: the lease expires and the delivery is tried again
            LOG.warnf("Delivery %d: recording the outcome failed (%s); it is retried after its lease", d.id(),
                    failure.getClass().getSimpleName());
            return null;
        }).onTermination().invoke((result, failure, cancelled) -> {
            posting.remove(d.id());
            inFlight.decrementAndGet();
            // the channel's next head: after a message Slack took, claim-ahead before the next slot (one interval
            // after the answer, a moment ago); after anything else the claim tells when
            Duration delay = result instanceof Outcome.Sent
                    ? config.paceInterval().minus(cadence.followUpAhead())
                    : Duration.ZERO;
            followUps.at(ChannelKey.of(d), System.nanoTime() + Math.max(0, delay.toNanos()));
            if (d.attempts() > 0) {
                wake(); // a retry that got through released its workspace's other retrying heads: walk to them
            } else {
                signal(); // a claim pass: it plans the timer, and claims what waited for this capacity
            }
        }).replaceWith(d);
    }

    Uni<?> process(ClaimedDelivery d) {
        // burst digest: a busy channel's head leaves with the same-type run behind it as one message
        return DigestRun.applies(d) ? digests.process(d, () -> processOne(d)) : processOne(d);
    }

    private Uni<?> processOne(ClaimedDelivery d) {
        if (!d.connected()) {
            metrics.outcome("cancelled");
            return Outcomes.write(queue.markCancelled(d, owner, "installation " + d.installationStatus()));
        }
        if (d.payload() == null) {
            return outcomes.write(d, new Outcome.Fail("event_data_missing", null), null);
        }
        EnvelopeEvent event;
        ObjectNode body;
        try {
            EventType type = EventType.fromWire(d.eventType()).orElseThrow(IllegalArgumentException::new);
            event = EnvelopeEvent.read(type, mapper.readTree(d.payload()));
            body = renderer.render(event, d.language());
        } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
            return outcomes.write(d, new Outcome.Fail("unsupported_event", null), null);
        }
        body.put("channel", d.channelId());
        String token = d.token(cipher);
        if (token == null) {
            // a key missing from TOKEN_ENCRYPTION_KEYS is an operator fix away: keep the message and retry
            return outcomes.retryLater(d, "token_unreadable");
        }
        if (d.layout() == Layout.THREAD_PER_ENVELOPE) {
            return threads.deliver(d, token, event, body).invoke(this::count);
        }
        return inSlot(d, () -> post(d, token, body));
    }

    /** Books the claim's slot (checking the claim), waits for it, then {@code post}s; null when nothing was sent. */
    private Uni<Outcome> inSlot(ClaimedDelivery d, Supplier<Uni<Outcome>> post) {
        return slots.inSlot(d, post).invoke(this::count);
    }

    private Uni<Outcome> post(ClaimedDelivery d, String token, ObjectNode body) {
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC);
        long started = System.nanoTime();
        return slack.postMessage(token, body)
                .chain(result -> outcomes.record(d, result, at, (int) ((System.nanoTime() - started) / 1_000_000)));
    }

    private void count(Outcome outcome) {
        delivered.addAndGet(outcome instanceof Outcome.Sent ? 1 : 0);
    }

    /** Graceful stop: no more claims; in-flight work gets {@code grace}; claims not at Slack yet are given back. */
    public Uni<Void> stop(Duration grace) {
        stopped = true;
        Uni<Void> idle = Multi.createFrom().ticks().every(Duration.ofMillis(20)).filter(tick -> inFlight.get() == 0)
                .toUni().replaceWithVoid();
        return (grace.compareTo(Duration.ZERO) > 0
                ? idle.ifNoItem().after(grace).recoverWithItem((Void) null)
                : ClaimSlots.after(grace))
                .chain(() -> queue.releaseOwned(owner, List.copyOf(posting))).invoke(released -> {
                    if (released > 0) {
                        LOG.infof("Released %d claimed deliveries for other replicas", released);
                    }
                }).replaceWithVoid();
    }

    /** Claims again after {@link #stop}: an operator pause, and tests that stop the application's replica. */
    public void resume() {
        stopped = false;
        wake();
    }

    /** Messages this dispatcher got Slack to accept. */
    public long delivered() {
        return delivered.get();
    }
}
