package com.certyneo.slack.installation;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.certyneo.slack.crypto.TokenCipher;
import com.certyneo.slack.crypto.TokenDecryptionException;
import com.certyneo.slack.delivery.InstallationRevoker;
import com.certyneo.slack.slack.SlackClient;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Ends an installation: Slack revoked it (events, auth errors while sending) or the customer disconnected.
 * Either way the token is erased, and queued deliveries are cancelled with the reason and their event's
 * personal data erased — in one transaction, so no message can leave with a token we no longer hold.
 * Channel and events stay on the row: a reinstall into the same workspace keeps them.
 */
@ApplicationScoped
public class InstallationLifecycle implements InstallationRevoker {

    private static final Logger LOG = Logger.getLogger(InstallationLifecycle.class);

    static final String REASON_DISCONNECTED = "disconnected from Certyneo";

    private final Pool pool;
    private final TokenCipher cipher;
    private final SlackClient slack;

    public InstallationLifecycle(Pool pool, TokenCipher cipher, SlackClient slack) {
        this.pool = pool;
        this.cipher = cipher;
        this.slack = slack;
    }

    /** Slack no longer accepts the token: status and health {@code revoked}, token erased, queue cancelled. */
    @Override
    public Uni<Void> revoke(UUID installationId, String reason) {
        return pool.withTransaction(conn -> revokeIn(conn, installationId, reason, null)).replaceWithVoid();
    }

    /**
     * Like {@link #revoke} inside the caller's transaction, but only when the installation is connected and
     * was connected before {@code connectedBefore} (a Slack event older than a reinstall must not revoke it).
     *
     * @return whether the installation was revoked by this call
     */
    Uni<Boolean> revokeIn(SqlClient conn, UUID installationId, String reason, OffsetDateTime connectedBefore) {
        return conn.preparedQuery("update installation set status = 'revoked', health = 'revoked', "
                + "health_reason = $2, token_ciphertext = null, token_key_id = null, updated_at = now() "
                + "where id = $1 and status = 'connected' and ($3::timestamptz is null or connected_at < $3) "
                + "returning id")
                .execute(Tuple.of(installationId, reason, connectedBefore))
                .flatMap(rows -> rows.size() == 0
                        ? Uni.createFrom().item(false)
                        : cancelQueued(conn, installationId, reason).replaceWith(true));
    }

    /**
     * DELETE …/slack: revokes the token at Slack ({@code auth.revoke}), erases it, cancels the queue. Idempotent:
     * an account without a live installation is left as it is. A failed auth.revoke does not keep the token:
     * the customer asked us to forget it.
     */
    public Uni<Void> disconnect(String accountId) {
        return pool.preparedQuery("select id, team_id, bot_user_id, status, token_key_id, token_ciphertext "
                + "from installation where account_id = $1").execute(Tuple.of(accountId))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().voidItem();
                    }
                    Row row = rows.iterator().next();
                    UUID id = row.getUUID("id");
                    if (Installation.DISCONNECTED.equals(row.getString("status"))) {
                        return Uni.createFrom().voidItem();
                    }
                    return revokeAtSlack(row).flatMap(ignored -> pool.withTransaction(conn -> conn.preparedQuery(
                            "update installation set status = 'disconnected', health = 'revoked', health_reason = $2, "
                                    + "token_ciphertext = null, token_key_id = null, updated_at = now() where id = $1")
                            .execute(Tuple.of(id, REASON_DISCONNECTED))
                            .flatMap(updated -> cancelQueued(conn, id, REASON_DISCONNECTED))))
                            .invoke(() -> LOG.infof("Installation %s of account %s disconnected", id, accountId))
                            .replaceWithVoid();
                });
    }

    private Uni<Void> revokeAtSlack(Row row) {
        byte[] sealed = row.getBuffer("token_ciphertext") == null ? null : row.getBuffer("token_ciphertext").getBytes();
        if (sealed == null) {
            return Uni.createFrom().voidItem();
        }
        UUID id = row.getUUID("id");
        String token;
        try {
            token = cipher.decrypt(id, row.getString("token_key_id"), sealed);
        } catch (TokenDecryptionException e) {
            LOG.warnf("Installation %s: stored token cannot be opened (%s); erasing it without auth.revoke", id,
                    e.getMessage());
            return Uni.createFrom().voidItem();
        }
        // Another Certyneo account connected to the same workspace may hold the same bot token: revoking it at
        // Slack would cut that account off too, so only our copy is erased then.
        return pool.preparedQuery("select id, token_key_id, token_ciphertext from installation where team_id = $1 "
                + "and id <> $2 and status = 'connected' and token_ciphertext is not null")
                .execute(Tuple.of(row.getString("team_id"), id))
                .flatMap(rows -> {
                    for (Row other : rows) {
                        if (token.equals(openOrNull(other))) {
                            LOG.infof("Installation %s: bot token shared with installation %s; auth.revoke skipped",
                                    id, other.getUUID("id"));
                            return Uni.createFrom().voidItem();
                        }
                    }
                    return slack.authRevoke(token).invoke(result -> {
                        if (!result.isOk()) {
                            LOG.warnf("Installation %s: auth.revoke answered %s; token erased anyway", id,
                                    result.describe());
                        }
                    }).replaceWithVoid();
                });
    }

    private String openOrNull(Row row) {
        try {
            return cipher.decrypt(row.getUUID("id"), row.getString("token_key_id"),
                    row.getBuffer("token_ciphertext").getBytes());
        } catch (TokenDecryptionException e) {
            return null;
        }
    }

    /** Cancels the installation's queued deliveries and erases their events' personal data. */
    static Uni<Void> cancelQueued(SqlClient conn, UUID installationId, String reason) {
        return conn.preparedQuery("with cancelled as (update delivery set status = 'cancelled', last_error = $2, "
                + "ended_at = now(), lease_owner = null, lease_until = null "
                + "where installation_id = $1 and status = 'queued' returning event_id) "
                + "update webhook_event w set payload = null from cancelled c where w.event_id = c.event_id")
                .execute(Tuple.of(installationId, reason))
                .invoke(rows -> {
                    if (rows.rowCount() > 0) {
                        LOG.infof("Installation %s: %d queued deliveries cancelled (%s)", installationId,
                                rows.rowCount(), reason);
                    }
                }).replaceWithVoid();
    }
}
