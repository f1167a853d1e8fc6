package com.certyneo.slack.installation;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.certyneo.slack.crypto.CryptoConfig;
import com.certyneo.slack.crypto.EncryptedToken;
import com.certyneo.slack.crypto.TokenCipher;
import com.certyneo.slack.crypto.TokenDecryptionException;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Moves every stored bot token to the first configured key (key rotation, SPEC section 8).
 * <p>
 * Runs once at startup (unless {@code crypto.re-encryption.at-startup=false}) without delaying it,
 * and can be called at any time through {@link #reEncryptAll()}. Each row is rewritten with a
 * compare-and-set on its old key id and ciphertext, so replicas running it at the same time, or a
 * reinstall writing a fresh token meanwhile, never lose or double-move a token. Rows that cannot
 * be opened (key no longer configured) are left untouched and logged by installation id.
 */
@ApplicationScoped
public class TokenReEncryption {

    private static final Logger LOG = Logger.getLogger(TokenReEncryption.class);

    private final Pool pool;
    private final TokenCipher cipher;
    private final CryptoConfig config;

    public TokenReEncryption(Pool pool, TokenCipher cipher, CryptoConfig config) {
        this.pool = pool;
        this.cipher = cipher;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.reEncryption().atStartup() || cipher.keyIds().isEmpty()) {
            return;
        }
        reEncryptAll().subscribe().with(
                moved -> {
                    if (moved > 0) {
                        LOG.infof("re-encrypted %d bot token(s) with key id '%s'", moved, cipher.currentKeyId());
                    }
                },
                failure -> LOG.warnf("token re-encryption at startup did not run: %s",
                        failure.getClass().getSimpleName()));
    }

    /** @return the number of installation rows moved to the first key */
    public Uni<Integer> reEncryptAll() {
        String target = cipher.currentKeyId();
        return pool.preparedQuery("""
                select id, token_key_id, token_ciphertext from installation
                where token_ciphertext is not null and token_key_id is distinct from $1""")
                .execute(Tuple.of(target))
                .onItem().transformToMulti(rows -> Multi.createFrom().iterable(rows))
                .onItem().transformToUniAndConcatenate(this::moveRow)
                .collect().with(java.util.stream.Collectors.summingInt(Integer::intValue));
    }

    private Uni<Integer> moveRow(Row row) {
        UUID id = row.getUUID("id");
        String oldKeyId = row.getString("token_key_id");
        // the SQL client wants core Vert.x buffers as parameters
        Buffer oldCiphertext = row.getBuffer("token_ciphertext");
        EncryptedToken fresh;
        try {
            fresh = cipher.encrypt(id, cipher.decrypt(id, oldKeyId, oldCiphertext.getBytes()));
        } catch (TokenDecryptionException e) {
            LOG.warnf("token re-encryption skipped a row: %s", e.getMessage());
            return Uni.createFrom().item(0);
        }
        return pool.preparedQuery("""
                update installation set token_key_id = $2, token_ciphertext = $3, updated_at = now()
                where id = $1 and token_key_id is not distinct from $4 and token_ciphertext = $5""")
                .execute(Tuple.of(id, fresh.keyId(), io.vertx.core.buffer.Buffer.buffer(fresh.ciphertext()), oldKeyId,
                        oldCiphertext.getDelegate()))
                .map(result -> result.rowCount());
    }
}
