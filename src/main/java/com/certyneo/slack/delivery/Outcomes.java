package com.certyneo.slack.delivery;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.ThreadLocalRandom;

import org.jboss.logging.Logger;

import com.certyneo.slack.slackapi.PostedMessage;
import com.certyneo.slack.slackapi.SlackResult;

import io.smallrye.mutiny.Uni;

/** Carries out an {@link Outcome} for one dispatcher: the queue write, the metrics, the revocation. */
final class Outcomes {

    private static final Logger LOG = Logger.getLogger(DeliveryDispatcher.class);
    private static final int WRITE_RETRIES = 8;

    private final String owner;
    private final DeliveryQueue queue;
    private final InstallationRevoker revoker;
    private final DeliveryMetrics metrics;
    private final RetryPolicy policy;

    Outcomes(String owner, DeliveryQueue queue, InstallationRevoker revoker, DeliveryMetrics metrics,
            RetryPolicy policy) {
        this.owner = owner;
        this.queue = queue;
        this.revoker = revoker;
        this.metrics = metrics;
        this.policy = policy;
    }

    /** Slack answered {@code result} to the post that left at {@code at} and took {@code ms}. */
    Uni<Outcome> record(ClaimedDelivery d, SlackResult<PostedMessage> result, OffsetDateTime at, int ms) {
        Attempt attempt = audit(result, at, ms);
        if (Attempt.TRANSIENT.equals(attempt.outcome()) || Attempt.SLACK_ERROR.equals(attempt.outcome())) {
            metrics.slackError(attempt.slackError());
        }
        Outcome outcome = classify(d, result);
        return write(d, outcome, attempt).replaceWith(outcome);
    }

    /** What Slack's answer {@code result} means for {@code d}, with this dispatcher's retry policy. */
    Outcome classify(ClaimedDelivery d, SlackResult<PostedMessage> result) {
        return Outcome.of(result, d.attempts(), age(d), policy, ThreadLocalRandom.current().nextDouble());
    }

    /** Nothing reached Slack but the delivery should be tried again later: no attempt spent. */
    Uni<?> retryLater(ClaimedDelivery d, String error) {
        return write(d, Outcome.retry(error, d.attempts(), age(d), policy, ThreadLocalRandom.current().nextDouble()),
                null);
    }

    /** Writes {@code o}; {@code attempt} is the audit row, null when nothing was sent. */
    Uni<?> write(ClaimedDelivery d, Outcome o, Attempt attempt) {
        if (o instanceof Outcome.Sent sent) {
            return write(queue.markSent(d, sent.ts(), attempt)).invoke(latency -> {
                metrics.outcome("sent");
                if (latency != null) {
                    metrics.latency(latency);
                }
            }).call(() -> d.attempts() > 0 ? releaseRetries(d) : Uni.createFrom().voidItem());
        }
        if (o instanceof Outcome.RateLimited limited) {
            metrics.rateLimited();
            metrics.outcome("rate_limited");
            if (limited.gaveUp()) {
                metrics.outcome("failed");
                return write(queue.markRateLimitedFailed(d, owner, limited.retryAfter(), limited.error(), attempt));
            }
            return write(queue.markRateLimited(d, owner, limited.retryAfter(), limited.error(), attempt));
        }
        if (o instanceof Outcome.Retry retry) {
            metrics.outcome("retried");
            return write(queue.markRetry(d, owner, retry.delay(), retry.error(), attempt, attempt == null ? 0 : 1));
        }
        if (o instanceof Outcome.Hold hold) {
            metrics.outcome("held");
            LOG.infof("Delivery %d: Slack answered %s; its channel is held until someone acts", d.id(), hold.code());
            return write(queue.markHeld(d, owner, hold.code(), attempt));
        }
        metrics.outcome("failed");
        if (o instanceof Outcome.Revoke revoke) {
            LOG.warnf("Delivery %d: Slack answered %s; the installation is revoked and its queue cancelled", d.id(),
                    revoke.code());
            return write(queue.markFailed(d, owner, revoke.code(), attempt, null)).chain(() -> write(
                    revoker.revoke(d.installationId(), "Slack rejected the token (" + revoke.code() + ")")));
        }
        Outcome.Fail fail = (Outcome.Fail) o;
        return write(queue.markFailed(d, owner, fail.error(), attempt,
                fail.attention() == null ? null : ChannelReason.of(fail.attention(), d.channelId(), d.channelName())));
    }

    /** The audit row of one call (delivery_attempt). */
    static Attempt audit(SlackResult<PostedMessage> result, OffsetDateTime at, int ms) {
        String outcome = result.isOk()
                ? Attempt.OK
                : result.isRateLimited()
                        ? Attempt.RATE_LIMITED
                        : result.isTransient() ? Attempt.TRANSIENT : Attempt.SLACK_ERROR;
        String error = result.isOk() ? null : result.isRateLimited() ? "ratelimited" : result.describe();
        Integer status = result.errorCode().isPresent() ? Integer.valueOf(200) : result.httpStatusCode().orElse(null);
        return new Attempt(at, outcome, error, status, ms, System.nanoTime());
    }

    /** A retry got through: the workspace's other deliveries waiting on their backoff go now (outage over). */
    private Uni<Void> releaseRetries(ClaimedDelivery d) {
        return queue.releaseRetries(d.teamId()).invoke(released -> {
            if (released > 0) {
                // the end of this retried delivery makes the dispatcher walk every head: it claims them
                LOG.infof("Slack accepts messages again for a workspace: %d waiting deliveries resumed", released);
            }
        }).replaceWithVoid().onFailure().recoverWithNull(); // the probe or the backoff still brings them
    }

    private static Duration age(ClaimedDelivery d) {
        return Duration.between(d.receivedAt(), OffsetDateTime.now());
    }

    /** Outcome writes survive a short database blip, which keeps the duplicate window as small as it can be. */
    static <T> Uni<T> write(Uni<T> write) {
        return write.onFailure().retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(2))
                .atMost(WRITE_RETRIES);
    }
}
