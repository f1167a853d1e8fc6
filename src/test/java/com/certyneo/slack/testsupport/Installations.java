package com.certyneo.slack.testsupport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

/**
 * The one way tests and the benchmark harness put an installation row in place: plain SQL, the bot token sealed
 * as SPEC section 8 says (AES-256-GCM, 96-bit nonce, installation id as associated data, first key of
 * {@code TOKEN_ENCRYPTION_KEYS}), independently of the service's cipher. Defaults: connected to the fake Slack's
 * team with its valid bot token (a bogus token would get invalid_auth and revoke the installation mid-test),
 * posting to C0GENERAL "general". Columns left null take their schema default (events, health).
 */
public final class Installations {

    /** The %test profile's crypto.token-encryption-keys. */
    public static final String TEST_PROFILE_KEYS = "k1:dGVzdC1vbmx5LWtleS1udW1iZXItb25lLTMyYnl0ZXM=";

    /** What a test needs to know of an inserted installation. */
    public record Installed(UUID id, String accountId, String teamId, String channelId) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Object> columns = new LinkedHashMap<>();
    private String token = FakeSlack.BOT_TOKEN;

    private Installations(String accountId) {
        columns.put("id", UUID.randomUUID());
        columns.put("account_id", accountId);
        columns.put("status", "connected");
        columns.put("team_id", FakeSlack.TEAM_ID);
        columns.put("team_name", FakeSlack.TEAM_NAME);
        columns.put("bot_user_id", FakeSlack.BOT_USER_ID);
        columns.put("app_id", FakeSlack.APP_ID);
        columns.put("scopes", "chat:write,channels:read");
        columns.put("channel_id", "C0GENERAL");
        columns.put("channel_name", "general");
        columns.put("connected_at", OffsetDateTime.now());
    }

    public static Installations connected(String accountId) {
        return new Installations(accountId);
    }

    public Installations id(UUID id) {
        return set("id", id);
    }

    public Installations status(String status) {
        return set("status", status);
    }

    public Installations team(String teamId, String teamName) {
        return set("team_id", teamId).set("team_name", teamName);
    }

    public Installations botUser(String botUserId, String appId) {
        return set("bot_user_id", botUserId).set("app_id", appId);
    }

    /** The channel it posts to; null, null: none chosen yet. */
    public Installations channel(String channelId, String channelName) {
        return set("channel_id", channelId).set("channel_name", channelName);
    }

    /** Ticked events as stored (comma-separated wire names). */
    public Installations events(String events) {
        return set("events", events);
    }

    /** {@code message_per_event} or {@code thread_per_envelope}. */
    public Installations layout(String layout) {
        return set("layout", layout);
    }

    /** {@code en} or {@code fr}. */
    public Installations locale(String locale) {
        return set("locale", locale);
    }

    public Installations digest(boolean enabled, int after) {
        return set("digest_enabled", enabled).set("digest_after", after);
    }

    public Installations health(String health) {
        return set("health", health);
    }

    /** The bot token to seal; null: no token stored (revoked, or never connected). */
    public Installations token(String token) {
        this.token = token;
        return this;
    }

    /** A token sealed elsewhere (e.g. under a key the service no longer has), stored as given. */
    public Installations sealedToken(String keyId, byte[] ciphertext) {
        this.token = null;
        return set("token_key_id", keyId).set("token_ciphertext", ciphertext);
    }

    private Installations set(String column, Object value) {
        columns.put(column, value);
        return this;
    }

    /** Into the database of the running Quarkus test application, sealed with the %test key. */
    public Installed insert() {
        return insert(PostgresResource.dataSource(), TEST_PROFILE_KEYS);
    }

    /** Into {@code database}, the token sealed with the first key of {@code keys} (TOKEN_ENCRYPTION_KEYS). */
    public Installed insert(DataSource database, String keys) {
        return insertAll(database, keys, List.of(this)).get(0);
    }

    /** Several at once, in one transaction. */
    public static List<Installed> insertAll(DataSource database, String keys, List<Installations> rows) {
        List<Installed> installed = new ArrayList<>();
        try (Connection c = database.getConnection()) {
            c.setAutoCommit(false);
            for (Installations row : rows) {
                installed.add(row.insert(c, keys));
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return installed;
    }

    private Installed insert(Connection c, String keys) throws SQLException {
        UUID id = (UUID) columns.get("id");
        Map<String, Object> values = new LinkedHashMap<>(columns);
        if (token != null) {
            String key = keys.split(",")[0];
            values.put("token_key_id", key.substring(0, key.indexOf(':')));
            values.put("token_ciphertext", seal(key.substring(key.indexOf(':') + 1), id, token));
        }
        values.values().removeIf(Objects::isNull);
        String sql = "insert into installation (" + String.join(", ", values.keySet()) + ") values ("
                + String.join(", ", Collections.nCopies(values.size(), "?")) + ")";
        try (PreparedStatement insert = c.prepareStatement(sql)) {
            int i = 1;
            for (Object value : values.values()) {
                insert.setObject(i++, value);
            }
            insert.executeUpdate();
        }
        return new Installed(id, (String) columns.get("account_id"), (String) columns.get("team_id"),
                (String) columns.get("channel_id"));
    }

    /** Nonce, then ciphertext and tag: the stored layout. */
    public static byte[] seal(String base64Key, UUID installationId, String token) {
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(base64Key), "AES"),
                    new GCMParameterSpec(128, nonce));
            cipher.updateAAD(installationId.toString().getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = cipher.doFinal(token.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
