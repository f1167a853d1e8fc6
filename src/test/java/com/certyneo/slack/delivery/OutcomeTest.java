package com.certyneo.slack.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.certyneo.slack.slackapi.PostedMessage;
import com.certyneo.slack.slackapi.SlackErrors;
import com.certyneo.slack.slackapi.SlackResult;

/** Every class of Slack answer, classified without Quarkus or a database (SPEC section 7). */
class OutcomeTest {

    private static final RetryPolicy POLICY = new RetryPolicy(Duration.ofSeconds(2), Duration.ofMinutes(10),
            Duration.ofHours(24));
    private static final Duration FRESH = Duration.ofSeconds(3);

    private static Outcome classify(SlackResult<PostedMessage> result, int attempts, Duration age) {
        return Outcome.of(result, attempts, age, POLICY, 1.0);
    }

    @Test
    void okIsSentWithSlacksTimestamp() {
        assertThat(classify(SlackResult.ok(new PostedMessage("C1", "1700000000.000100")), 0, FRESH))
                .isEqualTo(new Outcome.Sent("1700000000.000100"));
        // a retry that gets through is sent like any other
        assertThat(classify(SlackResult.ok(new PostedMessage("C1", "1.2")), 7, Duration.ofHours(20)))
                .isEqualTo(new Outcome.Sent("1.2"));
    }

    @Test
    void rateLimitedPausesForRetryAfterWithinItsCaps() {
        assertThat(classify(SlackResult.rateLimited(Duration.ofSeconds(30)), 0, FRESH))
                .isEqualTo(new Outcome.RateLimited(Duration.ofSeconds(30), "rate_limited (retry after 30s)", false));
        // a huge Retry-After parks the channel for an hour at most; a garbled one for a second
        assertThat(classify(SlackResult.rateLimited(Duration.ofDays(3)), 0, FRESH))
                .isEqualTo(new Outcome.RateLimited(Duration.ofHours(1), "rate_limited (retry after 3600s)", false));
        assertThat(classify(SlackResult.rateLimited(Duration.ofSeconds(-5)), 0, FRESH))
                .isEqualTo(new Outcome.RateLimited(Duration.ofSeconds(1), "rate_limited (retry after 1s)", false));
        assertThat(classify(SlackResult.rateLimited(null), 3, FRESH))
                .isEqualTo(new Outcome.RateLimited(Duration.ofSeconds(1), "rate_limited (retry after 1s)", false));
    }

    @Test
    void rateLimitedPastTheHorizonGivesUpButStillPauses() {
        Outcome late = classify(SlackResult.rateLimited(Duration.ofHours(1)), 0, Duration.ofHours(23).plusMinutes(30));
        assertThat(late).isEqualTo(new Outcome.RateLimited(Duration.ofHours(1),
                "rate_limited (retry after 3600s) (gave up after PT24H)", true));
        // the same pause well inside the horizon waits
        assertThat(((Outcome.RateLimited) classify(SlackResult.rateLimited(Duration.ofHours(1)), 0,
                Duration.ofHours(22))).gaveUp()).isFalse();
    }

    @Test
    void transientFailuresAreRetriedWithTheBackoffOfTheAttemptSpent() {
        for (SlackResult<PostedMessage> failure : java.util.List.<SlackResult<PostedMessage>>of(
                SlackResult.transientFailure(503, "http_503"), SlackResult.transientFailure(500, "http_500"),
                SlackResult.transientFailure(0, "timeout"), SlackResult.transientFailure(0, "connection"),
                SlackResult.transientFailure(200, "invalid_response"),
                SlackResult.transientFailure(200, "internal_error"),
                SlackResult.transientFailure(200, "service_unavailable"))) {
            // first failure: one attempt spent, the base delay (full jitter 1.0 gives the ceiling)
            assertThat(classify(failure, 0, FRESH)).as(failure.describe())
                    .isEqualTo(new Outcome.Retry(Duration.ofSeconds(2), failure.describe()));
            // fourth failure: 2 s · 2^3
            assertThat(classify(failure, 3, FRESH)).as(failure.describe())
                    .isEqualTo(new Outcome.Retry(Duration.ofSeconds(16), failure.describe()));
        }
    }

    @Test
    void transientFailuresGiveUpAtTheHorizon() {
        SlackResult<PostedMessage> timeout = SlackResult.transientFailure(0, "timeout");
        // many attempts spent: the backoff is at its 10 min cap, and 10 min more would pass the 24 h
        assertThat(classify(timeout, 200, Duration.ofHours(23).plusMinutes(55)))
                .isEqualTo(new Outcome.Fail("timeout (gave up after PT24H)", null));
        // the same attempts earlier in the day still retry, at the cap
        assertThat(classify(timeout, 200, Duration.ofHours(23)))
                .isEqualTo(new Outcome.Retry(Duration.ofMinutes(10), "timeout"));
        // a first failure of an event accepted a day ago gives up too
        assertThat(classify(timeout, 0, Duration.ofHours(24))).isInstanceOf(Outcome.Fail.class);
    }

    @Test
    void authErrorsRevokeTheInstallation() {
        for (String code : java.util.List.of("invalid_auth", "token_revoked", "account_inactive")) {
            assertThat(classify(SlackResult.error(code), 0, FRESH)).isEqualTo(new Outcome.Revoke(code));
        }
        for (String code : SlackErrors.AUTH) {
            assertThat(classify(SlackResult.error(code), 5, FRESH)).isEqualTo(new Outcome.Revoke(code));
        }
    }

    @Test
    void permanentCodesFailAtOnceAndFlagTheInstallation() {
        for (String code : SlackErrors.PERMANENT) {
            if (HeldDeliveries.CODES.contains(code)) {
                continue; // held, below
            }
            // our bug, or something only a human can fix in Slack: failed, flagged
            assertThat(classify(SlackResult.error(code), 0, FRESH)).as(code).isEqualTo(new Outcome.Fail(code, code));
        }
        for (String code : java.util.List.of("invalid_blocks", "msg_too_long", "channel_is_archived")) {
            assertThat(classify(SlackResult.error(code), 3, Duration.ofHours(2)))
                    .isEqualTo(new Outcome.Fail(code, code));
        }
    }

    @Test
    void channelCodesHoldTheChannelInsteadOfFailingTheDelivery() {
        // the customer must act (invite the bot, unarchive, pick another channel): nothing is lost meanwhile
        for (String code : java.util.List.of("channel_not_found", "not_in_channel", "is_archived")) {
            assertThat(classify(SlackResult.error(code), 0, FRESH)).as(code).isEqualTo(new Outcome.Hold(code));
            // whatever was spent before and however old: holding is not retrying, the hold horizon ends it
            assertThat(classify(SlackResult.error(code), 7, Duration.ofHours(23))).as(code)
                    .isEqualTo(new Outcome.Hold(code));
        }
        assertThat(HeldDeliveries.CODES).containsExactlyInAnyOrder("channel_not_found", "not_in_channel",
                "is_archived");
    }

    @Test
    void unknownCodesFailThisDeliveryOnlyWithoutBlamingTheInstallation() {
        assertThat(classify(SlackResult.error("something_new"), 0, FRESH))
                .isEqualTo(new Outcome.Fail("something_new", null));
    }

    @Test
    void nothingSentRetriesWithoutSpendingAnAttempt() {
        // e.g. a token that cannot be decrypted: the backoff of the attempts already spent
        assertThat(Outcome.retry("token_unreadable", 0, FRESH, POLICY, 1.0))
                .isEqualTo(new Outcome.Retry(Duration.ofSeconds(2), "token_unreadable"));
        assertThat(Outcome.retry("token_unreadable", 2, FRESH, POLICY, 1.0))
                .isEqualTo(new Outcome.Retry(Duration.ofSeconds(4), "token_unreadable"));
        assertThat(Outcome.retry("token_unreadable", 2, Duration.ofHours(24), POLICY, 1.0))
                .isEqualTo(new Outcome.Fail("token_unreadable (gave up after PT24H)", null));
    }

    @Test
    void theAuditRowRecordsWhatSlackAnswered() {
        var at = java.time.OffsetDateTime.parse("2026-01-01T00:00:00Z");
        assertThat(Outcomes.audit(SlackResult.ok(new PostedMessage("C", "1")), at, 12))
                .usingRecursiveComparison().ignoringFields("answeredNanos")
                .isEqualTo(new Attempt(at, Attempt.OK, null, null, 12, 0));
        assertThat(Outcomes.audit(SlackResult.rateLimited(Duration.ofSeconds(3)), at, 5))
                .usingRecursiveComparison().ignoringFields("answeredNanos")
                .isEqualTo(new Attempt(at, Attempt.RATE_LIMITED, "ratelimited", 429, 5, 0));
        assertThat(Outcomes.audit(SlackResult.transientFailure(503, "http_503"), at, 5))
                .usingRecursiveComparison().ignoringFields("answeredNanos")
                .isEqualTo(new Attempt(at, Attempt.TRANSIENT, "http_503", 503, 5, 0));
        assertThat(Outcomes.audit(SlackResult.transientFailure(0, "timeout"), at, 5))
                .usingRecursiveComparison().ignoringFields("answeredNanos")
                .isEqualTo(new Attempt(at, Attempt.TRANSIENT, "timeout", null, 5, 0));
        assertThat(Outcomes.audit(SlackResult.error("not_in_channel"), at, 5))
                .usingRecursiveComparison().ignoringFields("answeredNanos")
                .isEqualTo(new Attempt(at, Attempt.SLACK_ERROR, "not_in_channel", 200, 5, 0));
    }
}
