package com.certyneo.slack.testsupport;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs like the Standard Webhooks reference (SPEC section 2), independently of the production verifier: for the
 * tests, the *IT tests of the built application and the benchmark harness. No dependency beyond the JDK.
 */
public final class StandardWebhooks {

    private StandardWebhooks() {
    }

    /** The {@code webhook-signature} value: {@code v1,} and the HMAC-SHA256 of {@code id.timestamp.body}. */
    public static String sign(String secret, String webhookId, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            mac.update((webhookId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sign(String secret, String webhookId, String timestamp, String body) {
        return sign(secret, webhookId, timestamp, body.getBytes(StandardCharsets.UTF_8));
    }
}
