package com.certyneo.slack.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import java.util.UUID;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.quarkus.runtime.Startup;

/**
 * Seals bot tokens with AES-256-GCM (SPEC section 8): a random 96-bit nonce per encryption, the
 * installation id as associated data (a ciphertext copied onto another installation does not open),
 * the key id stored beside the ciphertext. The first configured key encrypts; all keys decrypt.
 * <p>
 * Eager ({@link Startup}) so that a malformed key list stops the start with a clear message.
 */
@Startup
@Singleton
public class TokenCipher {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final TokenKeyRing keys;
    private final SecureRandom random = new SecureRandom();

    @Inject
    public TokenCipher(CryptoConfig config) {
        this(config.tokenEncryptionKeys().orElse(""));
    }

    /**
     * @param keysSpec {@code id:base64key,…} as in TOKEN_ENCRYPTION_KEYS
     * @throws IllegalArgumentException naming the key id (never the key) when the list is malformed
     */
    public TokenCipher(String keysSpec) {
        this.keys = TokenKeyRing.parse(keysSpec);
    }

    /** The key id new encryptions use. */
    public String currentKeyId() {
        return keys.currentKeyId().orElseThrow(TokenCipher::noKey);
    }

    /** Configured key ids, the encrypting one first. */
    public List<String> keyIds() {
        return keys.ids();
    }

    public EncryptedToken encrypt(UUID installationId, String token) {
        if (installationId == null || token == null) {
            throw new IllegalArgumentException("installation id and token are required");
        }
        String keyId = currentKeyId();
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, keys.key(keyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(installationId));
            byte[] sealed = cipher.doFinal(token.getBytes(StandardCharsets.UTF_8));
            return new EncryptedToken(keyId,
                    ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            // a JCE without AES-GCM is a broken runtime, not a data problem; no key material in the message
            throw new IllegalStateException("AES-GCM encryption unavailable: " + e.getClass().getSimpleName());
        }
    }

    /**
     * @throws TokenDecryptionException for an unknown key id, a wrong key, another installation id or
     *         altered bytes
     */
    public String decrypt(UUID installationId, String keyId, byte[] ciphertext) {
        if (installationId == null || keyId == null || ciphertext == null) {
            throw new TokenDecryptionException("no stored token to decrypt for installation " + installationId);
        }
        var key = keys.key(keyId);
        if (key == null) {
            throw new TokenDecryptionException("token of installation " + installationId + " is sealed with key id '"
                    + keyId + "', which is not configured in TOKEN_ENCRYPTION_KEYS (configured: "
                    + String.join(", ", keys.ids()) + ")");
        }
        if (ciphertext.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new TokenDecryptionException("token of installation " + installationId + " is truncated");
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, ciphertext, 0, NONCE_BYTES));
            cipher.updateAAD(aad(installationId));
            byte[] plain = cipher.doFinal(ciphertext, NONCE_BYTES, ciphertext.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new TokenDecryptionException("token of installation " + installationId
                    + " does not authenticate with key id '" + keyId + "' (wrong key, other installation or altered)");
        } catch (GeneralSecurityException e) {
            throw new TokenDecryptionException("token of installation " + installationId + " cannot be decrypted ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    public String decrypt(UUID installationId, EncryptedToken sealed) {
        return decrypt(installationId, sealed.keyId(), sealed.ciphertext());
    }

    /** True when the token is sealed with the encrypting key (nothing for re-encryption to do). */
    public boolean isCurrent(String keyId) {
        return keys.currentKeyId().map(id -> id.equals(keyId)).orElse(false);
    }

    private static byte[] aad(UUID installationId) {
        return installationId.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static IllegalStateException noKey() {
        return new IllegalStateException("no token encryption key configured (TOKEN_ENCRYPTION_KEYS)");
    }
}
