package com.certyneo.slack.delivery;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import com.certyneo.slack.slackapi.PostedMessage;
import com.certyneo.slack.slackapi.SlackResult;

import io.smallrye.mutiny.Uni;

/** Records what Slack answered to a claimed delivery (SPEC section 7, retries and errors), for one dispatcher. */
final class Outcomes {

    private static final Logger LOG = Logger.getLogger(DeliveryDispatcher.class);
    private static final int WRITE_RETRIES = 8;

    private final String owner;
    private final DeliveryQueue queue;
    private final InstallationRevoker revoker;
    private final DeliveryMetrics metrics;
    private final RetryPolicy retries;
    private final WakeTimers timers;
    private final Runnable wake;
    private final AtomicLong delivered;

    Outcomes(String owner, DeliveryQueue queue, InstallationRevoker revoker, DeliveryMetrics metrics,
            RetryPolicy retries, WakeTimers timers, Runnable wake, AtomicLong delivered) {
        this.owner = owner;
        this.queue = queue;
        this.revoker = revoker;
        this.metrics = metrics;
        this.retries = retries;
        this.timers = timers;
        this.wake = wake;
        this.delivered = delivered;
    }

    Uni<Void> record(ClaimedDelivery d, SlackResult<PostedMessage> result, OffsetDateTime at, int ms) {
        if (result instanceof SlackResult.Ok<PostedMessage> ok) {
            Attempt attempt = new Attempt(at, Attempt.OK, null, null, ms);
            return write(queue.markSent(d, ok.value().ts(), attempt)).invoke(latency -> {
                delivered.incrementAndGet();
                metrics.outcome("sent");
                if (latency != null) {
                    metrics.latency(latency);
                }
            }).replaceWithVoid().call(() -> d.attempts() > 0 ? releaseRetries(d) : Uni.createFrom().voidItem());
        }
        String error = result.describe();
        if (result instanceof SlackResult.RateLimited<PostedMessage> limited) {
            metrics.rateLimited();
            metrics.outcome("rate_limited");
            Duration retryAfter = limited.retryAfter();
            Attempt attempt = new Attempt(at, Attempt.RATE_LIMITED, "ratelimited", 429, ms);
            if (retries.pastHorizon(d, retryAfter)) {
                // a 429 spends no attempt, but a delivery is not retried past its horizon either
                metrics.outcome("failed");
                return write(queue.markRateLimitedFailed(d, owner, retryAfter, retries.gaveUp(error), attempt));
            }
            return write(queue.markRateLimited(d, owner, retryAfter, error, attempt))
                    .invoke(() -> timers.wakeAfter(retryAfter));
        }
        if (result instanceof SlackResult.Transient<PostedMessage> t) {
            metrics.slackError(t.reason());
            Attempt attempt = new Attempt(at, Attempt.TRANSIENT, t.reason(), t.httpStatus() > 0 ? t.httpStatus() : null,
                    ms);
            return retryOrFail(d, error, attempt);
        }
        String code = result.errorCode().orElse("unknown_error");
        metrics.slackError(code);
        metrics.outcome("failed");
        Attempt attempt = new Attempt(at, Attempt.SLACK_ERROR, code, 200, ms);
        if (result.isAuthError()) {
            LOG.warnf("Delivery %d: Slack answered %s; the installation is revoked and its queue cancelled", d.id(),
                    code);
            return write(queue.markFailed(d, owner, code, attempt, null))
                    .chain(() -> write(revoker.revoke(d.installationId(), "Slack rejected the token (" + code + ")")));
        }
        // permanent codes need a human (invite the bot, pick another channel); unknown codes fail this one only
        return write(queue.markFailed(d, owner, code, attempt, result.isPermanentError() ? code : null));
    }

    Uni<Void> retryOrFail(ClaimedDelivery d, String error, Attempt attempt) {
        int attempts = d.attempts() + (attempt == null ? 0 : 1);
        Duration delay = retries.backoff(attempts);
        if (retries.pastHorizon(d, delay)) {
            metrics.outcome("failed");
            return write(queue.markFailed(d, owner, retries.gaveUp(error), attempt, null));
        }
        metrics.outcome("retried");
        return write(queue.markRetry(d, owner, delay, error, attempt, attempt == null ? 0 : 1))
                .invoke(() -> timers.wakeAfter(delay));
    }

    /** A retry got through: the workspace's other deliveries waiting on their backoff go now (outage over). */
    private Uni<Void> releaseRetries(ClaimedDelivery d) {
        return queue.releaseRetries(d.teamId()).invoke(released -> {
            if (released > 0) {
                LOG.infof("Slack accepts messages again for a workspace: %d waiting deliveries resumed", released);
                wake.run();
            }
        }).replaceWithVoid().onFailure().recoverWithNull(); // the probe or the backoff still brings them
    }

    /** Outcome writes survive a short database blip, which keeps the duplicate window as small as it can be. */
    static <T> Uni<T> write(Uni<T> write) {
        return write.onFailure().retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(2))
                .atMost(WRITE_RETRIES);
    }
}
