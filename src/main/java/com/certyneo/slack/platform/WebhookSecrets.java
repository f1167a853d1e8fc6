package com.certyneo.slack.platform;

import java.util.Base64;
import java.util.Optional;

/**
 * The form of a CERTYNEO_WEBHOOK_SECRETS entry ({@code whsec_<base64>}, Standard Webhooks), shared by the webhook
 * signature check and the start-up check. Messages name the position, never the value.
 */
public final class WebhookSecrets {

    private static final String PREFIX = "whsec_";
    /** Shortest decoded key accepted (the Standard Webhooks minimum). */
    public static final int MIN_KEY_BYTES = 24;

    private WebhookSecrets() {
    }

    /** Why the secret at {@code position} (1-based) is unusable, naming its position; empty when it is usable. */
    public static Optional<String> weakness(String secret, int position) {
        try {
            key(secret, position);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The HMAC key of a secret; fails naming its position when it is not whsec_&lt;base64&gt; or too short. */
    public static byte[] key(String secret, int position) {
        String value = secret == null ? "" : secret.trim();
        if (value.startsWith(PREFIX)) {
            value = value.substring(PREFIX.length());
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            key = new byte[0];
        }
        // the position, never the value: secrets stay out of messages
        if (key.length == 0) {
            throw new IllegalArgumentException(
                    "Webhook secret #" + position + " in CERTYNEO_WEBHOOK_SECRETS is not whsec_<base64>");
        }
        if (key.length < MIN_KEY_BYTES) {
            // Standard Webhooks secrets are 24 to 64 random bytes; a short one can be guessed offline
            // from any signed webhook
            throw new IllegalArgumentException("Webhook secret #" + position
                    + " in CERTYNEO_WEBHOOK_SECRETS is too weak: its key has fewer than " + MIN_KEY_BYTES
                    + " bytes (use 32 random bytes)");
        }
        return key;
    }
}
