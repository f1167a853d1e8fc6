package com.certyneo.slack.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Connected installations written straight into the service's schema, their bot tokens sealed exactly as SPEC
 * section 8 says (AES-256-GCM, 96-bit nonce, installation id as associated data), so the service decrypts them
 * like any other. Going through OAuth for 500 accounts would measure OAuth, not delivery.
 */
final class Installations {

    static final String KEY_ID = "bench";

    private final byte[] key = new byte[32];
    private final SecureRandom random = new SecureRandom();

    Installations() {
        random.nextBytes(key);
    }

    /** The TOKEN_ENCRYPTION_KEYS value the service must be started with. */
    String encryptionKeys() {
        return KEY_ID + ":" + Base64.getEncoder().encodeToString(key);
    }

    /** One connected installation per account, each on its own workspace and channel, all five events ticked. */
    void insert(Postgres pg, String... accounts) throws SQLException {
        try (Connection c = pg.connect(); PreparedStatement s = c.prepareStatement("""
                insert into installation (id, account_id, status, team_id, team_name, bot_user_id, app_id, scopes,
                                          token_key_id, token_ciphertext, channel_id, channel_name, connected_at)
                values (?, ?, 'connected', ?, ?, 'UBENCHBOT', 'ABENCH', 'chat:write,channels:read', ?, ?, ?, ?, ?)""")) {
            for (String account : accounts) {
                UUID id = UUID.randomUUID();
                s.setObject(1, id);
                s.setString(2, account);
                s.setString(3, team(account));
                s.setString(4, "Bench " + account);
                s.setString(5, KEY_ID);
                s.setBytes(6, seal(id, "xoxb-bench-" + account));
                s.setString(7, channel(account));
                s.setString(8, "bench-" + account);
                s.setTimestamp(9, Timestamp.from(Instant.now().minusSeconds(60)));
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    static String team(String account) {
        return "T" + account.toUpperCase().replace("_", "");
    }

    static String channel(String account) {
        return "C" + account.toUpperCase().replace("_", "");
    }

    private byte[] seal(UUID installationId, String token) {
        try {
            byte[] nonce = new byte[12];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(installationId.toString().getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = cipher.doFinal(token.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
