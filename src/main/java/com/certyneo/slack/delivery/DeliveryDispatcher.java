package com.certyneo.slack.delivery;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * One replica's worker, one Mutiny pipeline (built in the constructor): signals → claims, one at a time (signals
 * during a claim make exactly one claim after it) → per claimed delivery, at most {@code delivery.concurrency} at
 * once: the channel's slot, the Slack call → its {@link Outcome} recorded. What each claim takes is the
 * {@link ClaimPlanner}'s: the channels this dispatcher follows, and a walk over every channel's head after
 * {@link #wake()} (LISTEN delivery_queued, the sweep, the outage probe, this replica's intake).
 * Not a CDI bean so that a test can run two on one database; {@link DeliveryEngine} runs the application's one.
 * Nothing here blocks a thread.
 */
public class DeliveryDispatcher {

    private static final Logger LOG = Logger.getLogger(DeliveryDispatcher.class);

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
    private final ClaimPlanner claims;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong delivered = new AtomicLong();
    /** Deliveries whose chat.postMessage has left and whose outcome is not committed yet. */
    private final Set<Long> posting = ConcurrentHashMap.newKeySet();
    private volatile MultiEmitter<? super Long> signals;
    private volatile boolean stopped;

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
        this.claims = new ClaimPlanner(owner, queue, config, inFlight, this::signal, () -> stopped);
        this.slots = new ClaimSlots(owner, queue, pacer, config, posting, () -> stopped);
        this.threads = new ThreadedDelivery(queue, pacer, slack, new ThreadRoots(queue.pool()), outcomes, slots);
        this.digests = new DigestDelivery(owner, queue, pacer, slack, cipher, mapper, metrics, outcomes, config,
                this::inSlot);
        // LATEST keeps one signal while a claim runs: however many arrive, exactly one more claim follows
        Multi.createFrom().<Long>emitter(emitter -> signals = emitter, BackPressureStrategy.LATEST)
                .onItem().transformToMultiAndConcatenate(signal -> claims.claim()
                        .onItem().transformToMulti(claimed -> Multi.createFrom().iterable(claimed)))
                .onItem().transformToUni(this::deliver).merge(config.concurrency())
                .subscribe().with(ended -> {
                }, failure -> LOG.errorf(failure, "Delivery pipeline ended"));
    }

    /**
     * Something may be queued that this dispatcher does not follow: walk every channel's head (at most once per
     * claim-interval) and claim as much as free capacity allows. Cheap and safe to call often.
     */
    public void wake() {
        claims.wantWalk();
        signal();
    }

    private void signal() {
        if (!stopped) {
            signals.emit(System.nanoTime());
        }
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
            claims.ended(ChannelKey.of(d), result instanceof Outcome.Sent);
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
        if (EventType.fromWire(d.eventType()).isEmpty()) {
            return unsupported(d);
        }
        String token = d.token(cipher);
        if (token == null) {
            // a key missing from TOKEN_ENCRYPTION_KEYS is an operator fix away: keep the message and retry
            return outcomes.retryLater(d, "token_unreadable");
        }
        if (d.layout() == Layout.THREAD_PER_ENVELOPE) {
            EnvelopeEvent event = read(d);
            return event == null
                    ? unsupported(d)
                    : threads.deliver(d, token, event, render(d, event)).invoke(this::count);
        }
        // read and rendered once the slot has come, not while waiting for it: a claimed delivery waits up to the
        // claim-ahead (up to 900 ms at a thousand busy channels), and a thousand rendered messages held through those
        // waits were more than half of what the young collections promoted while an intake ran (BENCHMARKS.md)
        return inSlot(d, () -> {
            EnvelopeEvent event = read(d);
            return event == null ? unsupported(d) : post(d, token, render(d, event));
        });
    }

    /** The stored event, or null when it cannot be read (a stored body this version cannot make a message of). */
    private EnvelopeEvent read(ClaimedDelivery d) {
        try {
            EventType type = EventType.fromWire(d.eventType()).orElseThrow(IllegalArgumentException::new);
            return EnvelopeEvent.read(type, mapper.readTree(d.payload()));
        } catch (IllegalArgumentException | JsonProcessingException e) {
            return null;
        }
    }

    private ObjectNode render(ClaimedDelivery d, EnvelopeEvent event) {
        return renderer.render(event, d.language()).put("channel", d.channelId());
    }

    private Uni<Outcome> unsupported(ClaimedDelivery d) {
        Outcome fail = new Outcome.Fail("unsupported_event", null);
        return outcomes.write(d, fail, null).replaceWith(fail);
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
