package com.certyneo.slack.installation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.certyneo.slack.crypto.EncryptedToken;
import com.certyneo.slack.crypto.TokenCipher;
import com.certyneo.slack.slackapi.SlackClient;
import com.certyneo.slack.testsupport.FakeSlack;
import com.certyneo.slack.testsupport.Installations;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Key rotation: a new first key in TOKEN_ENCRYPTION_KEYS, then the re-encryption routine. */
@QuarkusTest
@TestProfile(TokenReEncryptionTest.RotatedKeys.class)
class TokenReEncryptionTest {

    static final String OLD_KEYS = "k1:dGVzdC1vbmx5LWtleS1udW1iZXItb25lLTMyYnl0ZXM=";
    static final String NEW_KEY = "k2:" + Base64.getEncoder()
            .encodeToString("rotated-key-number-two-32-bytes!".getBytes(StandardCharsets.US_ASCII));
    static final Duration WAIT = Duration.ofSeconds(10);

    public static class RotatedKeys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // new key first: it encrypts; the old one still decrypts
            return Map.of("crypto.token-encryption-keys", NEW_KEY + "," + OLD_KEYS,
                    "crypto.re-encryption.at-startup", "false");
        }
    }

    @Inject
    Pool pool;
    @Inject
    TokenCipher cipher;
    @Inject
    TokenReEncryption reEncryption;
    @Inject
    SlackClient slack;

    @Test
    void rotationMovesEveryRowToTheNewKeyAndTheTokensStillWork() {
        FakeSlack.get().reset();
        TokenCipher oldCipher = new TokenCipher(OLD_KEYS);
        Map<UUID, String> tokens = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            UUID id = UUID.randomUUID();
            String token = "xoxb-rotation-" + i + "-" + UUID.randomUUID();
            tokens.put(id, token);
            FakeSlack.get().addToken(token);
            insert(id, "acc_rot_" + i, oldCipher.encrypt(id, token));
        }
        UUID revoked = UUID.randomUUID();
        insert(revoked, "acc_rot_revoked", null);
        // already on the new key: nothing to move
        UUID fresh = UUID.randomUUID();
        insert(fresh, "acc_rot_fresh", cipher.encrypt(fresh, "xoxb-already-current"));

        assertThat(reEncryption.reEncryptAll().await().atMost(WAIT)).isEqualTo(5);

        List<Row> rows = rows("""
                select id, token_key_id, token_ciphertext from installation
                where token_ciphertext is not null and account_id like 'acc_rot_%'""");
        assertThat(rows).hasSize(6).allSatisfy(row -> assertThat(row.getString("token_key_id")).isEqualTo("k2"));
        for (Map.Entry<UUID, String> entry : tokens.entrySet()) {
            Row row = rows.stream().filter(r -> r.getUUID("id").equals(entry.getKey())).findFirst().orElseThrow();
            String token = cipher.decrypt(entry.getKey(), "k2", row.getBuffer("token_ciphertext").getBytes());
            assertThat(token).isEqualTo(entry.getValue());
            var body = new ObjectMapper().createObjectNode().put("channel", "C0GENERAL").put("text", "still works");
            assertThat(slack.postMessage(token, body).await().atMost(WAIT).isOk()).isTrue();
        }
        assertThat(
                rows("select 1 from installation where position(convert_to('xoxb-', 'UTF8') in token_ciphertext) > 0"))
                .as("no token in clear in the token column").isEmpty();
        assertThat(rows("select 1 from installation where id = $1 and token_ciphertext is null", revoked)).hasSize(1);
        // a second run finds nothing left to move (rows it cannot open are never counted)
        assertThat(reEncryption.reEncryptAll().await().atMost(WAIT)).isZero();
    }

    @Test
    void twoReplicasReEncryptingAtOnceMoveEachRowOnceAndLoseNoToken() {
        TokenCipher oldCipher = new TokenCipher(OLD_KEYS);
        Map<UUID, String> tokens = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            UUID id = UUID.randomUUID();
            tokens.put(id, "xoxb-race-" + i);
            insert(id, "acc_race_" + i, oldCipher.encrypt(id, tokens.get(id)));
        }

        List<Integer> moved = io.smallrye.mutiny.Uni.join()
                .all(reEncryption.reEncryptAll(), reEncryption.reEncryptAll()).andFailFast()
                .await().atMost(WAIT);

        assertThat(moved.get(0) + moved.get(1)).isEqualTo(20);
        for (Map.Entry<UUID, String> entry : tokens.entrySet()) {
            Row row = rows("select token_key_id, token_ciphertext from installation where id = $1", entry.getKey())
                    .get(0);
            assertThat(row.getString("token_key_id")).isEqualTo("k2");
            assertThat(cipher.decrypt(entry.getKey(), "k2", row.getBuffer("token_ciphertext").getBytes()))
                    .isEqualTo(entry.getValue());
        }
    }

    @Test
    void aRowUnderAKeyNoLongerConfiguredIsLeftUntouched() {
        UUID orphan = UUID.randomUUID();
        TokenCipher gone = new TokenCipher("k0:" + Base64.getEncoder()
                .encodeToString("a-key-that-was-removed-32-bytes!".getBytes(StandardCharsets.US_ASCII)));
        EncryptedToken sealed = gone.encrypt(orphan, "xoxb-orphan");
        insert(orphan, "acc_orphan", sealed);

        reEncryption.reEncryptAll().await().atMost(WAIT);

        Row row = rows("select token_key_id, token_ciphertext from installation where id = $1", orphan).get(0);
        assertThat(row.getString("token_key_id")).isEqualTo("k0");
        assertThat(row.getBuffer("token_ciphertext").getBytes()).isEqualTo(sealed.ciphertext());
    }

    private void insert(UUID id, String account, EncryptedToken sealed) {
        Installations row = Installations.connected(account).id(id).team("T0FAKE", null).botUser(null, null)
                .channel(null, null);
        (sealed == null ? row.status("revoked").token(null) : row.sealedToken(sealed.keyId(), sealed.ciphertext()))
                .insert();
    }

    private List<Row> rows(String sql, Object... params) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.from(params)).await().atMost(WAIT).forEach(rows::add);
        return rows;
    }
}
