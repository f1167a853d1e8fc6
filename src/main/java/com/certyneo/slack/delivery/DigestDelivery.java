package com.certyneo.slack.delivery;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import com.certyneo.slack.crypto.TokenCipher;
import com.certyneo.slack.event.EnvelopeEvent;
import com.certyneo.slack.event.EventType;
import com.certyneo.slack.message.DigestRenderer;
import com.certyneo.slack.slackapi.PostedMessage;
import com.certyneo.slack.slackapi.SlackClient;
import com.certyneo.slack.slackapi.SlackResult;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

/**
 * Burst digests (SPEC section 3.2) for one dispatcher: when a claimed head's channel is busy, the head and the run of
 * same-type deliveries right behind it ({@link DigestRun}) leave as one message in the head's slot. Slack's answer is
 * classified once, from the head (the oldest: its attempts and age), and applies to every delivery of the group as it
 * would to one: all sent with the digest's ts, or all requeued, failed, or revoked. Followers are leased to the head's
 * owner until the head's lease ends, so a delivery is in at most one digest; a group never half sent is given back.
 */
final class DigestDelivery {

    private static final Logger LOG = Logger.getLogger(DeliveryDispatcher.class);

    /** The dispatcher's slot handling: book the head's slot (checking its claim), wait, then post; null: not sent. */
    @FunctionalInterface
    interface Slots {
        Uni<Outcome> inSlot(ClaimedDelivery head, Supplier<Uni<Outcome>> post);
    }

    private final String owner;
    private final DigestQueue store;
    private final DeliveryQueue queue;
    private final SlackClient slack;
    private final TokenCipher cipher;
    private final ObjectMapper mapper;
    private final DeliveryMetrics metrics;
    private final Outcomes outcomes;
    private final RetryPolicy policy;
    private final Slots slots;
    private final DigestRenderer renderer = new DigestRenderer();

    DigestDelivery(String owner, DeliveryQueue queue, ChannelPacer pacer, SlackClient slack, TokenCipher cipher,
            ObjectMapper mapper, DeliveryMetrics metrics, Outcomes outcomes, DeliveryConfig config, Slots slots) {
        this.owner = owner;
        this.store = new DigestQueue(queue, pacer);
        this.queue = queue;
        this.slack = slack;
        this.cipher = cipher;
        this.mapper = mapper;
        this.metrics = metrics;
        this.outcomes = outcomes;
        this.policy = new RetryPolicy(config.backoffBase(), config.backoffCap(), config.retryHorizon());
        this.slots = slots;
    }

    /** The head with its run as one digest, or {@code alone} when the channel is not busy enough or no run follows. */
    Uni<?> process(ClaimedDelivery head, Supplier<Uni<?>> alone) {
        EventType type = EventType.fromWire(head.eventType()).orElse(null);
        EnvelopeEvent first = type == null ? null : read(type, head);
        if (first == null) {
            return alone.get(); // fails there as unsupported, alone
        }
        return store.followers(head, owner)
                .onFailure().recoverWithItem(new DigestQueue.Followers(0, List.of())) // alone is always right
                .chain(found -> {
                    List<Long> wanted = DigestRun.followers(head.eventType(), found.waiting(), head.digestAfter(),
                            found.candidates());
                    return wanted.isEmpty()
                            ? alone.get()
                            : store.lease(head, wanted, owner)
                                    .chain(leased -> merge(head, type, first, wanted, leased, alone));
                });
    }

    private Uni<?> merge(ClaimedDelivery head, EventType type, EnvelopeEvent first, List<Long> wanted,
            List<ClaimedDelivery> leased, Supplier<Uni<?>> alone) {
        List<Long> run = DigestRun.leasedPrefix(wanted, leased.stream().map(ClaimedDelivery::id).toList());
        List<ClaimedDelivery> group = new ArrayList<>(List.of(head));
        List<EnvelopeEvent> events = new ArrayList<>(List.of(first));
        for (Long id : run) {
            ClaimedDelivery f = leased.stream().filter(l -> l.id() == id).findFirst().orElseThrow();
            EnvelopeEvent event = read(type, f);
            if (event == null) {
                break; // an unreadable one goes alone, in its turn
            }
            group.add(f);
            events.add(event);
        }
        List<Long> followers = group.stream().skip(1).map(ClaimedDelivery::id).toList();
        List<Long> spare = leased.stream().map(ClaimedDelivery::id).filter(id -> !followers.contains(id)).toList();

        // alone, a head whose token no key opens is retried with backoff as any unreadable token
        String token = group.size() < 2 ? null : head.token(cipher);
        if (token == null) {
            return store.unlease(head, leased.stream().map(ClaimedDelivery::id).toList(), owner).chain(alone);
        }
        ObjectNode body = renderer.render(type, events, head.language());
        body.put("channel", head.channelId());
        String bearer = token;
        boolean[] posted = {false};
        return store.unlease(head, spare, owner).chain(() -> slots.inSlot(head, () -> {
            posted[0] = true;
            return post(group, bearer, body);
        })).call(outcome -> posted[0] ? Uni.createFrom().voidItem() : store.unlease(head, followers, owner));
    }

    private EnvelopeEvent read(EventType type, ClaimedDelivery d) {
        try {
            return d.payload() == null || !type.wire().equals(d.eventType())
                    ? null
                    : EnvelopeEvent.read(type, mapper.readTree(d.payload()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    private Uni<Outcome> post(List<ClaimedDelivery> group, String token, ObjectNode body) {
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC);
        long started = System.nanoTime();
        return slack.postMessage(token, body)
                .chain(result -> record(group, result, at, (int) ((System.nanoTime() - started) / 1_000_000)));
    }

    private Uni<Outcome> record(List<ClaimedDelivery> group, SlackResult<PostedMessage> result, OffsetDateTime at,
            int ms) {
        ClaimedDelivery head = group.get(0);
        Attempt attempt = Outcomes.audit(result, at, ms);
        if (Attempt.TRANSIENT.equals(attempt.outcome()) || Attempt.SLACK_ERROR.equals(attempt.outcome())) {
            metrics.slackError(attempt.slackError());
        }
        Outcome outcome = Outcome.of(result, head.attempts(), Duration.between(head.receivedAt(), OffsetDateTime.now()),
                policy, ThreadLocalRandom.current().nextDouble());
        if (outcome instanceof Outcome.Sent sent) {
            return Outcomes.write(store.markSent(group, sent.ts(), attempt)).invoke(latencies -> latencies
                    .forEach(latency -> {
                        metrics.outcome("sent");
                        metrics.latency(latency);
                    }))
                    .call(() -> head.attempts() > 0
                            ? queue.releaseRetries(head.teamId()).onFailure().recoverWithNull()
                            : Uni.createFrom().voidItem())
                    .replaceWith(outcome);
        }
        LOG.debugf("Digest of %d deliveries (head %d): %s", group.size(), head.id(),
                outcome.getClass().getSimpleName());
        // the followers first: the head, written last, keeps holding the channel until they are done
        Uni<?> writes = Uni.createFrom().voidItem();
        for (ClaimedDelivery f : group.subList(1, group.size())) {
            Uni<?> before = writes;
            writes = before.chain(() -> follower(f, outcome, attempt));
        }
        return writes.chain(() -> outcomes.write(head, outcome, attempt)).replaceWith(outcome);
    }

    /** What the head's outcome means for a follower: the same, except that only the head revokes and counts a 429. */
    private Uni<?> follower(ClaimedDelivery f, Outcome outcome, Attempt attempt) {
        if (outcome instanceof Outcome.Revoke revoke) {
            return outcomes.write(f, new Outcome.Fail(revoke.code(), null), attempt);
        }
        if (outcome instanceof Outcome.RateLimited limited) {
            if (limited.gaveUp()) {
                metrics.outcome("failed");
                return Outcomes.write(queue.markRateLimitedFailed(f, owner, limited.retryAfter(), limited.error(),
                        attempt));
            }
            return Outcomes.write(queue.markRateLimited(f, owner, limited.retryAfter(), limited.error(), attempt));
        }
        return outcomes.write(f, outcome, attempt);
    }
}
