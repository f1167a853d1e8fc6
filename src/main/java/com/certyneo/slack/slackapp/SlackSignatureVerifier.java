package com.certyneo.slack.slackapp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies Slack request signatures (Events API, interactivity): {@code X-Slack-Signature} is
 * {@code v0=} + hex HMAC-SHA256 of {@code v0:{X-Slack-Request-Timestamp}:{raw body}} with the signing
 * secret, and the timestamp must be within the tolerance (±300 s) of the injected clock. Pure class;
 * compares in constant time. Without a signing secret nothing verifies: there is no fallback secret.
 */
public final class SlackSignatureVerifier {

    public static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);

    private final byte[] secret;
    private final Clock clock;
    private final Duration tolerance;

    public SlackSignatureVerifier(String signingSecret, Clock clock) {
        this(signingSecret, clock, DEFAULT_TOLERANCE);
    }

    public SlackSignatureVerifier(String signingSecret, Clock clock, Duration tolerance) {
        if (signingSecret == null || signingSecret.isEmpty()) {
            throw new IllegalArgumentException("Slack signing secret is empty (SLACK_SIGNING_SECRET)");
        }
        this.secret = signingSecret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
        this.tolerance = tolerance;
    }

    private SlackSignatureVerifier(Clock clock, Duration tolerance) {
        this.secret = null;
        this.clock = clock;
        this.tolerance = tolerance;
    }

    /**
     * A verifier for a service started without SLACK_SIGNING_SECRET (refused at start-up outside the local, dev and
     * test profiles): it refuses every request rather than trusting a made-up secret.
     */
    public static SlackSignatureVerifier refusingAll(Clock clock, Duration tolerance) {
        return new SlackSignatureVerifier(clock, tolerance);
    }

    /**
     * Whether the {@code X-Slack-Request-Timestamp} header is present, numeric and within the tolerance: checked
     * before the body is read, so a stale or unsigned request costs no body buffering.
     */
    public boolean isFresh(String timestampHeader) {
        if (timestampHeader == null) {
            return false;
        }
        String trimmed = timestampHeader.trim();
        if (trimmed.isEmpty() || trimmed.length() > 18 || !trimmed.chars().allMatch(Character::isDigit)) {
            return false;
        }
        long timestamp = Long.parseLong(trimmed);
        long now = clock.instant().getEpochSecond();
        return Math.abs(now - timestamp) <= tolerance.toSeconds();
    }

    /** @return true only for a well-formed, fresh and matching signature; false for anything else */
    public boolean verify(String timestampHeader, String signatureHeader, byte[] body) {
        if (secret == null || signatureHeader == null || body == null || !isFresh(timestampHeader)) {
            return false;
        }
        byte[] expected = sign(secret, timestampHeader.trim(), body).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signatureHeader.trim().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }

    public boolean verify(String timestampHeader, String signatureHeader, String body) {
        return body != null && verify(timestampHeader, signatureHeader, body.getBytes(StandardCharsets.UTF_8));
    }

    /** The {@code X-Slack-Signature} value Slack would send; handy for tests that sign requests. */
    public static String sign(String signingSecret, String timestamp, String body) {
        return sign(signingSecret.getBytes(StandardCharsets.UTF_8), timestamp, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String sign(byte[] secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable");
        }
    }
}
