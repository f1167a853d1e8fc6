package com.certyneo.slack.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class TokenCipherTest {

    static final String KEY_A = key("key-a-0123456789-0123456789-abcd");
    static final String KEY_B = key("key-b-0123456789-0123456789-abcd");
    static final String TOKEN = "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx";

    private final UUID installation = UUID.randomUUID();

    static String key(String thirtyTwoChars) {
        byte[] bytes = thirtyTwoChars.getBytes(StandardCharsets.US_ASCII);
        assertThat(bytes).hasSize(32);
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Test
    void tokenSurvivesARoundTripAndIsNotStoredInClear() {
        TokenCipher cipher = new TokenCipher("a:" + KEY_A);
        EncryptedToken sealed = cipher.encrypt(installation, TOKEN);

        assertThat(sealed.keyId()).isEqualTo("a");
        assertThat(new String(sealed.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain("xoxb-");
        assertThat(sealed.ciphertext()).hasSize(12 + TOKEN.length() + 16);
        assertThat(cipher.decrypt(installation, sealed.keyId(), sealed.ciphertext())).isEqualTo(TOKEN);
    }

    @Test
    void twoEncryptionsOfTheSameTokenDifferBecauseTheNonceIsRandom() {
        TokenCipher cipher = new TokenCipher("a:" + KEY_A);
        EncryptedToken first = cipher.encrypt(installation, TOKEN);
        EncryptedToken second = cipher.encrypt(installation, TOKEN);

        assertThat(first.ciphertext()).isNotEqualTo(second.ciphertext());
        assertThat(java.util.Arrays.copyOf(first.ciphertext(), 12))
                .isNotEqualTo(java.util.Arrays.copyOf(second.ciphertext(), 12));
    }

    @Test
    void aDifferentKeyUnderTheSameIdCannotOpenTheToken() {
        EncryptedToken sealed = new TokenCipher("a:" + KEY_A).encrypt(installation, TOKEN);
        TokenCipher impostor = new TokenCipher("a:" + KEY_B);

        assertThatThrownBy(() -> impostor.decrypt(installation, sealed))
                .isInstanceOf(TokenDecryptionException.class)
                .hasMessageContaining(installation.toString())
                .hasMessageNotContaining(KEY_B);
    }

    @Test
    void aTokenCopiedOntoAnotherInstallationDoesNotOpen() {
        TokenCipher cipher = new TokenCipher("a:" + KEY_A);
        EncryptedToken sealed = cipher.encrypt(installation, TOKEN);

        assertThatThrownBy(() -> cipher.decrypt(UUID.randomUUID(), sealed))
                .isInstanceOf(TokenDecryptionException.class);
    }

    @Test
    void anAlteredCiphertextDoesNotOpen() {
        TokenCipher cipher = new TokenCipher("a:" + KEY_A);
        EncryptedToken sealed = cipher.encrypt(installation, TOKEN);
        for (int position : new int[]{0, 12, sealed.ciphertext().length - 1}) {
            byte[] altered = sealed.ciphertext().clone();
            altered[position] ^= 0x01;
            assertThatThrownBy(() -> cipher.decrypt(installation, "a", altered))
                    .as("flipped bit at %d", position)
                    .isInstanceOf(TokenDecryptionException.class);
        }
        byte[] truncated = java.util.Arrays.copyOf(sealed.ciphertext(), 20);
        assertThatThrownBy(() -> cipher.decrypt(installation, "a", truncated))
                .isInstanceOf(TokenDecryptionException.class);
    }

    @Test
    void anUnknownKeyIdFailsWithAMessageNamingItAndTheConfiguredIds() {
        EncryptedToken sealed = new TokenCipher("old:" + KEY_A).encrypt(installation, TOKEN);
        TokenCipher cipher = new TokenCipher("new:" + KEY_B);

        assertThatThrownBy(() -> cipher.decrypt(installation, sealed))
                .isInstanceOf(TokenDecryptionException.class)
                .hasMessageContaining("'old'")
                .hasMessageContaining("not configured")
                .hasMessageContaining("new")
                .hasMessageNotContaining(KEY_A)
                .hasMessageNotContaining(KEY_B);
    }

    @Test
    void afterRotationTheNewFirstKeyEncryptsAndOldTokensStillOpen() {
        EncryptedToken old = new TokenCipher("a:" + KEY_A).encrypt(installation, TOKEN);
        TokenCipher rotated = new TokenCipher("b:" + KEY_B + ", a:" + KEY_A);

        assertThat(rotated.currentKeyId()).isEqualTo("b");
        assertThat(rotated.keyIds()).containsExactly("b", "a");
        assertThat(rotated.isCurrent("a")).isFalse();
        assertThat(rotated.decrypt(installation, old)).isEqualTo(TOKEN);
        EncryptedToken fresh = rotated.encrypt(installation, rotated.decrypt(installation, old));
        assertThat(fresh.keyId()).isEqualTo("b");
        assertThat(new TokenCipher("b:" + KEY_B).decrypt(installation, fresh)).isEqualTo(TOKEN);
    }

    @Test
    void aKeyThatIsNotThirtyTwoBytesIsRejectedNamingItsIdButNotTheKey() {
        String shortKey = Base64.getEncoder().encodeToString("sixteen-bytes-ok".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> new TokenCipher("a:" + KEY_A + ",weak:" + shortKey))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'weak'")
                .hasMessageContaining("32 bytes")
                .hasMessageNotContaining(shortKey)
                .hasMessageNotContaining(KEY_A);
    }

    @Test
    void aDuplicateKeyIdIsRejected() {
        assertThatThrownBy(() -> new TokenCipher("a:" + KEY_A + ",a:" + KEY_B))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a'")
                .hasMessageContaining("more than once")
                .hasMessageNotContaining(KEY_A)
                .hasMessageNotContaining(KEY_B);
    }

    @Test
    void malformedEntriesAreRejectedWithoutEchoingKeyMaterial() {
        assertThatThrownBy(() -> new TokenCipher(KEY_A))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entry #1")
                .hasMessageNotContaining(KEY_A);
        // id and key swapped: the "id" is key material and must not be echoed
        assertThatThrownBy(() -> new TokenCipher(KEY_A + ":a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(KEY_A);
        assertThatThrownBy(() -> new TokenCipher("a:not*base64"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a'")
                .hasMessageContaining("base64");
    }

    @Test
    void encryptingWithoutAnyConfiguredKeyNamesTheVariable() {
        TokenCipher cipher = new TokenCipher("");
        assertThatThrownBy(() -> cipher.encrypt(installation, TOKEN))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TOKEN_ENCRYPTION_KEYS");
    }

    @Test
    void anEncryptedTokenNeverShowsItsBytes() {
        EncryptedToken sealed = new TokenCipher("a:" + KEY_A).encrypt(installation, TOKEN);
        assertThat(sealed.toString())
                .isEqualTo("EncryptedToken[keyId=a, ciphertext=***]")
                .doesNotContain(Base64.getEncoder().encodeToString(sealed.ciphertext()));
        assertThat(sealed).isEqualTo(new EncryptedToken("a", sealed.ciphertext().clone()));
    }
}
