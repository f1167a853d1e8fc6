package com.certyneo.slack.installation;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.certyneo.slack.crypto.TokenCipher;
import com.certyneo.slack.crypto.TokenDecryptionException;
import com.certyneo.slack.slackapi.SlackClient;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Revokes at Slack ({@code auth.revoke}) a bot token this service has just erased or replaced. Called after the
 * erasure committed, with the sealed token that was erased: what is revoked is exactly what we no longer hold, so a
 * token stored meanwhile (a reinstall) is never cut off, and never left live while erased here.
 */
@ApplicationScoped
class SlackTokenRevoker {

    private static final Logger LOG = Logger.getLogger(SlackTokenRevoker.class);

    /** A sealed token as it was stored for installation {@code id} of {@code teamId}. */
    record Sealed(UUID id, String teamId, String keyId, byte[] ciphertext) {

        static Sealed of(Row row) {
            var buffer = row.getBuffer("token_ciphertext");
            return buffer == null
                    ? null
                    : new Sealed(row.getUUID("id"), row.getString("team_id"), row.getString("token_key_id"),
                            buffer.getBytes());
        }
    }

    private final Pool pool;
    private final TokenCipher cipher;
    private final SlackClient slack;

    SlackTokenRevoker(Pool pool, TokenCipher cipher, SlackClient slack) {
        this.pool = pool;
        this.cipher = cipher;
        this.slack = slack;
    }

    /** Never fails: a token that cannot be opened or revoked is logged (without the token) and left. */
    Uni<Void> revoke(Sealed sealed, String why) {
        if (sealed == null) {
            return Uni.createFrom().voidItem();
        }
        String token;
        try {
            token = cipher.decrypt(sealed.id(), sealed.keyId(), sealed.ciphertext());
        } catch (TokenDecryptionException e) {
            LOG.warnf("Installation %s: erased token cannot be opened (%s); no auth.revoke", sealed.id(),
                    e.getMessage());
            return Uni.createFrom().voidItem();
        }
        // Another Certyneo account connected to the same workspace may hold the same bot token: revoking it at
        // Slack would cut that account off too, so only our copy is erased then.
        return pool.preparedQuery("select id, token_key_id, token_ciphertext from installation where team_id = $1 "
                + "and id <> $2 and status = 'connected' and token_ciphertext is not null")
                .execute(Tuple.of(sealed.teamId(), sealed.id()))
                .flatMap(rows -> {
                    for (Row other : rows) {
                        if (token.equals(openOrNull(other))) {
                            LOG.infof("Installation %s: bot token shared with installation %s; auth.revoke skipped",
                                    sealed.id(), other.getUUID("id"));
                            return Uni.createFrom().voidItem();
                        }
                    }
                    return slack.authRevoke(token).invoke(result -> {
                        if (result.isOk()) {
                            LOG.infof("Installation %s: previous bot token revoked at Slack (%s)", sealed.id(), why);
                        } else {
                            LOG.warnf("Installation %s: auth.revoke answered %s (%s)", sealed.id(),
                                    result.describe(), why);
                        }
                    }).replaceWithVoid();
                })
                .onFailure().invoke(e -> LOG.warnf("Installation %s: auth.revoke failed (%s, %s)", sealed.id(),
                        e.getClass().getSimpleName(), why))
                .onFailure().recoverWithNull();
    }

    private String openOrNull(Row row) {
        try {
            return cipher.decrypt(row.getUUID("id"), row.getString("token_key_id"),
                    row.getBuffer("token_ciphertext").getBytes());
        } catch (TokenDecryptionException e) {
            return null;
        }
    }
}
