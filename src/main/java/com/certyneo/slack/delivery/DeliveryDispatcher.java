package com.certyneo.slack.delivery;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import com.certyneo.slack.crypto.TokenCipher;
import com.certyneo.slack.message.MessageRenderer;
import com.certyneo.slack.slackapi.SlackClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

/**
 * One replica's worker: claims channel heads from the {@link DeliveryQueue} under its own owner id, waits for the
 * channel's slot, posts to Slack and records the outcome. Not a CDI bean so that a test can run two of them on one
 * database; {@link DeliveryEngine} runs the application's one.
 * <p>
 * Wake-ups ({@link #wake()}) come from LISTEN delivery_queued, the periodic sweep, the outage probe, the end of each
 * delivery and timers: after each post (the channel's next slot), for retries and 429s, and for the earliest head a
 * claim could not take yet (a slot booked by someone else, a pause), so no head waits for the sweep. Concurrent
 * wake-ups coalesce into one claim query at a time. Nothing here blocks a thread.
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
    private final WakeTimers timers = new WakeTimers(this::wake);
    private final Outcomes outcomes;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong delivered = new AtomicLong();
    /** Deliveries whose chat.postMessage has left and whose outcome is not committed yet. */
    private final Set<Long> posting = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile boolean again;
    private volatile long lastClaim = System.nanoTime() - Duration.ofHours(1).toNanos();
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
        this.outcomes = new Outcomes(owner, queue, revoker, metrics, new RetryPolicy(config), timers, this::wake,
                delivered);
    }

    public String owner() {
        return owner;
    }

    /** Something may be claimable: claim as much as free capacity allows. Cheap and safe to call often. */
    public void wake() {
        if (stopped) {
            return;
        }
        again = true;
        if (draining.compareAndSet(false, true)) {
            // at most one claim per claim-interval: with hundreds of channels, a claim per finished delivery
            // (each a probe per channel) cost more database CPU than the deliveries themselves
            long wait = lastClaim + config.claimInterval().toNanos() - System.nanoTime();
            if (wait <= 0) {
                drain();
            } else {
                Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofNanos(wait)).subscribe()
                        .with(x -> drain(), x -> drain());
            }
        }
    }

    private void drain() {
        lastClaim = System.nanoTime();
        again = false;
        int free = config.concurrency() - inFlight.get();
        if (free <= 0 || stopped) {
            draining.set(false);
            return; // the end of an in-flight delivery wakes us again
        }
        queue.claim(owner, free, config.lease(), config.claimAhead()).subscribe().with(claim -> {
            List<ClaimedDelivery> claimed = claim.deliveries();
            claimed.forEach(this::start);
            draining.set(false);
            if (claim.nextDue() != null) {
                // a head waits for a slot someone else booked, a pause or its retry: be there when it ends
                timers.wakeAfter(claim.nextDue());
            }
            if (again || claimed.size() == free) {
                wake();
            }
        }, failure -> {
            draining.set(false);
            // the database is unreachable or restarting: the sweep tries again
            LOG.warnf("Claiming deliveries failed (%s); retrying on the next sweep",
                    failure.getClass().getSimpleName());
        });
    }

    private void start(ClaimedDelivery d) {
        inFlight.incrementAndGet();
        process(d).onTermination().invoke(() -> {
            posting.remove(d.id());
            inFlight.decrementAndGet();
        }).subscribe().with(ignored -> wake(), failure -> {
            // the outcome could not be written: the lease expires and the delivery is tried again
            LOG.warnf("Delivery %d: recording the outcome failed (%s); it is retried after its lease", d.id(),
                    failure.getClass().getSimpleName());
            wake();
        });
    }

    Uni<Void> process(ClaimedDelivery d) {
        if (!d.connected()) {
            metrics.outcome("cancelled");
            return Outcomes.write(queue.markCancelled(d, owner, "installation " + d.installationStatus()));
        }
        ObjectNode body;
        try {
            JsonNode event = d.payload() == null ? null : mapper.readTree(d.payload().encode());
            if (event == null) {
                metrics.outcome("failed");
                return Outcomes.write(queue.markFailed(d, owner, "event_data_missing", null, null));
            }
            body = renderer.render(d.eventType(), event);
        } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
            metrics.outcome("failed");
            return Outcomes.write(queue.markFailed(d, owner, "unsupported_event", null, null));
        }
        body.put("channel", d.channelId());
        String token;
        try {
            token = cipher.decrypt(d.installationId(), d.tokenKeyId(), d.tokenCiphertext());
        } catch (RuntimeException e) {
            // a key missing from TOKEN_ENCRYPTION_KEYS is an operator fix away: keep the message and retry
            LOG.errorf("Delivery %d: the installation's token cannot be decrypted (%s)", d.id(),
                    e.getClass().getSimpleName());
            return outcomes.retryOrFail(d, "token_unreadable", null);
        }
        return pacer.reserveForClaim(d.id(), owner, d.teamId(), d.channelId()).chain(slot -> {
            if (slot == null) {
                return claimLost(d);
            }
            Duration wait = slot.delay();
            if (wait.compareTo(config.lease().dividedBy(2)) > 0) {
                // the channel is booked far ahead (test messages, a pause): give the claim back, no attempt spent
                return Outcomes.write(queue.markRequeued(d, owner, wait));
            }
            Uni<Void> slotCame = wait.isZero()
                    ? Uni.createFrom().voidItem()
                    : Uni.createFrom().voidItem().onItem().delayIt().by(wait);
            return slotCame.chain(() -> {
                // marked before reading "stopped", while stop() sets "stopped" before reading "posting": either
                // this worker sees the stop, or the stop keeps its claim; a released claim is never sent
                posting.add(d.id());
                if (stopped || wait.compareTo(config.claimAhead()) > 0) {
                    // a long wait, or a stop meanwhile: the claim must still be ours when the slot comes
                    return queue.confirmClaim(d, owner, config.lease())
                            .chain(held -> held ? post(d, token, body) : claimLost(d));
                }
                // the claim was checked with the reservation a moment ago; a cancel since then is like one arriving
                // during the Slack call (the SENT record keeps the truth)
                return post(d, token, body);
            });
        });
    }

    private Uni<Void> claimLost(ClaimedDelivery d) {
        LOG.infof("Delivery %d: claim lost before sending (cancelled or taken over); not sent", d.id());
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> post(ClaimedDelivery d, String token, ObjectNode body) {
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC);
        long started = System.nanoTime();
        posting.add(d.id());
        return slack.postMessage(token, body)
                .chain(result -> outcomes.record(d, result, at, (int) ((System.nanoTime() - started) / 1_000_000)))
                // the channel's next slot is one interval after Slack's answer: come back just before it
                .invoke(() -> timers.wakeAfter(max(Duration.ZERO, config.paceInterval().minus(config.claimAhead()))));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /**
     * Graceful stop: claim nothing more, let in-flight deliveries finish for up to {@code grace}, then give back
     * every claim that has not reached Slack yet so another replica takes it at once.
     */
    public Uni<Void> stop(Duration grace) {
        stopped = true;
        long deadline = System.nanoTime() + grace.toNanos();
        return awaitIdle(deadline)
                .chain(() -> queue.releaseOwned(owner, List.copyOf(posting)))
                .invoke(released -> {
                    if (released > 0) {
                        LOG.infof("Released %d claimed deliveries for other replicas", released);
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Void> awaitIdle(long deadline) {
        if (inFlight.get() == 0 || System.nanoTime() > deadline) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(50))
                .chain(() -> awaitIdle(deadline));
    }

    /** Claims again after {@link #stop}: an operator pause, and tests that stop the application's replica. */
    public void resume() {
        stopped = false;
        wake();
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** Messages this dispatcher got Slack to accept. */
    public long delivered() {
        return delivered.get();
    }
}
