package com.certyneo.slack.delivery;

import java.time.OffsetDateTime;

/**
 * One row of the audit trail (delivery_attempt).
 *
 * @param outcome {@code ok}, {@code slack_error}, {@code rate_limited} or {@code transient}
 * @param slackError Slack's error code, or the transient cause ({@code timeout}, {@code connection},
 *        {@code http_503}…); null on success
 * @param httpStatus HTTP status when Slack answered one worth keeping (429, 5xx), else null
 * @param answeredNanos {@link System#nanoTime()} when the answer arrived (not stored: the channel's next slot counts
 *        from it)
 */
public record Attempt(OffsetDateTime at, String outcome, String slackError, Integer httpStatus, int durationMs,
        long answeredNanos) {

    public static final String OK = "ok";
    public static final String SLACK_ERROR = "slack_error";
    public static final String RATE_LIMITED = "rate_limited";
    public static final String TRANSIENT = "transient";

    /** The same row, its answer instant moved to now: a later call of the same delivery was answered since. */
    public Attempt answeredNow() {
        return new Attempt(at, outcome, slackError, httpStatus, durationMs, System.nanoTime());
    }
}
