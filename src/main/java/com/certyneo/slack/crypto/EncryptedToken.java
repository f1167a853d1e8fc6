package com.certyneo.slack.crypto;

import java.util.Arrays;
import java.util.Objects;

/**
 * A bot token sealed with AES-256-GCM: {@code ciphertext} is nonce (12 bytes) || ciphertext || tag,
 * {@code keyId} names the key that sealed it. Stored as installation.token_key_id / token_ciphertext.
 */
public record EncryptedToken(String keyId, byte[] ciphertext) {

    public EncryptedToken {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(ciphertext, "ciphertext");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EncryptedToken that && keyId.equals(that.keyId)
                && Arrays.equals(ciphertext, that.ciphertext);
    }

    @Override
    public int hashCode() {
        return 31 * keyId.hashCode() + Arrays.hashCode(ciphertext);
    }

    /** Never the bytes: a dump of this object must not help anyone. */
    @Override
    public String toString() {
        return "EncryptedToken[keyId=" + keyId + ", ciphertext=***]";
    }
}
