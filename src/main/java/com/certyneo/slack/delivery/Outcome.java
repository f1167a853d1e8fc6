package com.certyneo.slack.delivery;

import java.time.Duration;

import com.certyneo.slack.slackapi.PostedMessage;
import com.certyneo.slack.slackapi.SlackResult;

/**
 * What Slack's answer to one post means for the delivery (SPEC section 7). {@link #of} is a pure function of the
 * answer, the attempts spent, the delivery's age and the jitter; {@link Outcomes} carries the result out.
 */
sealed interface Outcome {

    /** Slack accepted the message. */
    record Sent(String ts) implements Outcome {
    }

    /** 429: the channel pauses, no attempt spent; past the horizon ({@code gaveUp}) the delivery ends failed. */
    record RateLimited(Duration retryAfter, String error, boolean gaveUp) implements Outcome {
    }

    /** A transient failure: queued again after {@code delay}. */
    record Retry(Duration delay, String error) implements Outcome {
    }

    /** Ends failed at once; {@code attention} (nullable) flags the installation needs_attention with that reason. */
    record Fail(String error, String attention) implements Outcome {
    }

    /**
     * The channel refuses posts until a human acts (bot not invited, channel archived or gone): the delivery is not
     * failed, its channel's queue is held (see {@link HeldDeliveries}).
     */
    record Hold(String code) implements Outcome {
    }

    /** The token is dead: this delivery fails, the installation is revoked and its queue cancelled. */
    record Revoke(String code) implements Outcome {
    }

    /** {@code attempts} spent before this call, {@code age} since acceptance, {@code jitter} in [0, 1]. */
    static Outcome of(SlackResult<PostedMessage> result, int attempts, Duration age, RetryPolicy policy,
            double jitter) {
        String error = result.describe();
        if (result instanceof SlackResult.Ok<PostedMessage> ok) {
            return new Sent(ok.value().ts());
        }
        if (result instanceof SlackResult.RateLimited<PostedMessage> limited) {
            // a 429 spends no attempt, but a delivery is not retried past its horizon either
            boolean gaveUp = policy.pastHorizon(age, limited.retryAfter());
            return new RateLimited(limited.retryAfter(), gaveUp ? policy.gaveUp(error) : error, gaveUp);
        }
        if (result.isTransient()) {
            return retry(error, attempts + 1, age, policy, jitter);
        }
        String code = result.errorCode().orElse("unknown_error");
        if (result.isAuthError()) {
            return new Revoke(code);
        }
        if (HeldDeliveries.CODES.contains(code)) {
            return new Hold(code);
        }
        // permanent codes need a human (invite the bot, pick another channel); unknown codes fail this one only
        return new Fail(code, result.isPermanentError() ? code : null);
    }

    /** Try again after the backoff of {@code attempts} spent, unless that is past the horizon. */
    static Outcome retry(String error, int attempts, Duration age, RetryPolicy policy, double jitter) {
        Duration delay = policy.backoff(attempts, jitter);
        return policy.pastHorizon(age, delay) ? new Fail(policy.gaveUp(error), null) : new Retry(delay, error);
    }
}
