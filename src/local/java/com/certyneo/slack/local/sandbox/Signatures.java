package com.certyneo.slack.local.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs as the two platforms do, independently of the service's verifiers (a stand-in must not share the code it
 * stands in front of): Slack's v0 scheme and Standard Webhooks.
 */
final class Signatures {

    private Signatures() {
    }

    /** {@code X-Slack-Signature}: v0= and the hex HMAC-SHA256 of {@code v0:timestamp:body}. */
    static String slack(String signingSecret, long timestamp, String body) {
        byte[] mac = hmac(signingSecret.getBytes(StandardCharsets.UTF_8),
                "v0:" + timestamp + ":" + body);
        return "v0=" + HexFormat.of().formatHex(mac);
    }

    /** {@code webhook-signature}: v1, and the base64 HMAC-SHA256 of {@code id.timestamp.body}. */
    static String standardWebhooks(String secret, String webhookId, long timestamp, String body) {
        byte[] key = Base64.getDecoder().decode(secret.trim().substring("whsec_".length()));
        return "v1," + Base64.getEncoder().encodeToString(hmac(key, webhookId + "." + timestamp + "." + body));
    }

    private static byte[] hmac(byte[] key, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
