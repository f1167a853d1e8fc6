package com.certyneo.slack.intake;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.certyneo.slack.platform.WebhookSecrets;

/**
 * Standard Webhooks signature check (standardwebhooks.com): {@code webhook-signature} holds
 * space-separated {@code v1,<base64 HMAC-SHA256>} entries over
 * {@code {webhook-id}.{webhook-timestamp}.{raw body}}; any entry may match any configured secret
 * (rotation). Pure and thread-safe; the clock is injected so fixed test vectors can be checked.
 * Never puts a secret or signature into an exception, a log line or {@link #toString()}.
 */
public final class WebhookSignatureVerifier {

    /** Outcome of a check; everything but {@link #VALID} is answered 401. */
    public enum Result {
        VALID, MISSING_HEADERS, INVALID_TIMESTAMP, TIMESTAMP_OUT_OF_WINDOW, NO_MATCHING_SIGNATURE
    }

    private static final String ALGORITHM = "HmacSHA256";
    /** Bounds the work one request can cause; a real sender lists one or two signatures. */
    private static final int MAX_SIGNATURES = 16;
    private static final int MAX_ID_LENGTH = 256;

    private final List<SecretKeySpec> keys;
    private final long toleranceSeconds;
    private final Clock clock;

    public WebhookSignatureVerifier(List<String> secrets, Duration tolerance, Clock clock) {
        if (secrets == null || secrets.isEmpty()) {
            throw new IllegalArgumentException("At least one webhook secret is required");
        }
        List<SecretKeySpec> parsed = new ArrayList<>();
        for (int i = 0; i < secrets.size(); i++) {
            parsed.add(new SecretKeySpec(WebhookSecrets.key(secrets.get(i), i + 1), ALGORITHM));
        }
        this.keys = List.copyOf(parsed);
        this.toleranceSeconds = tolerance.toSeconds();
        this.clock = clock;
    }

    public Result verify(String webhookId, String timestamp, String signatureHeader, byte[] body) {
        if (isBlank(webhookId) || isBlank(timestamp) || isBlank(signatureHeader)
                || webhookId.length() > MAX_ID_LENGTH) {
            return Result.MISSING_HEADERS;
        }
        long sentAt;
        try {
            if (timestamp.length() > 12 || !timestamp.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Result.INVALID_TIMESTAMP;
            }
            sentAt = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return Result.INVALID_TIMESTAMP;
        }
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - sentAt) > toleranceSeconds) {
            return Result.TIMESTAMP_OUT_OF_WINDOW;
        }
        List<byte[]> candidates = candidates(signatureHeader);
        if (candidates.isEmpty()) {
            return Result.NO_MATCHING_SIGNATURE;
        }
        boolean match = false;
        for (SecretKeySpec key : keys) {
            byte[] expected = hmac(key, webhookId, timestamp, body);
            for (byte[] candidate : candidates) {
                // no early exit: the time taken does not depend on which entry matched
                match |= MessageDigest.isEqual(expected, candidate);
            }
        }
        return match ? Result.VALID : Result.NO_MATCHING_SIGNATURE;
    }

    /** Signature header value for a message, e.g. for tests or local tooling. */
    public static String sign(String secret, String webhookId, String timestamp, byte[] body) {
        SecretKeySpec key = new SecretKeySpec(WebhookSecrets.key(secret, 1), ALGORITHM);
        return "v1," + Base64.getEncoder().encodeToString(hmac(key, webhookId, timestamp, body));
    }

    private static List<byte[]> candidates(String header) {
        List<byte[]> result = new ArrayList<>();
        for (String entry : header.trim().split(" +")) {
            if (result.size() == MAX_SIGNATURES) {
                break;
            }
            if (entry.startsWith("v1,")) {
                try {
                    result.add(Base64.getDecoder().decode(entry.substring(3)));
                } catch (IllegalArgumentException ignored) {
                    // a malformed entry simply matches nothing
                }
            }
        }
        return result;
    }

    private static byte[] hmac(SecretKeySpec key, String webhookId, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update((webhookId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    public String toString() {
        return "WebhookSignatureVerifier[secrets=" + keys.size() + ", tolerance=" + toleranceSeconds + "s]";
    }
}
