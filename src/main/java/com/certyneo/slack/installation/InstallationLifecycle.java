package com.certyneo.slack.installation;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.certyneo.slack.delivery.InstallationRevoker;

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
    private final SlackTokenRevoker revoker;

    public InstallationLifecycle(Pool pool, SlackTokenRevoker revoker) {
        this.pool = pool;
        this.revoker = revoker;
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
    public Uni<Boolean> revokeIn(SqlClient conn, UUID installationId, String reason, OffsetDateTime connectedBefore) {
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
     * DELETE …/slack: erases the token and cancels the queue in one transaction, then revokes at Slack
     * ({@code auth.revoke}) exactly the token that was erased. Idempotent: an account without a live installation
     * is left as it is. Erasing first under the row lock means a reinstall racing the disconnect either lands before
     * it (and its token is erased and revoked) or after it (and its token is kept); it is never erased here while
     * left live at Slack. A failed auth.revoke does not bring the token back: the customer asked us to forget it.
     */
    public Uni<Void> disconnect(String accountId) {
        return pool.withTransaction(conn -> conn.preparedQuery("select id, team_id, status, token_key_id, "
                + "token_ciphertext from installation where account_id = $1 for update").execute(Tuple.of(accountId))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().<Optional<SlackTokenRevoker.Sealed>>item(Optional.empty());
                    }
                    Row row = rows.iterator().next();
                    UUID id = row.getUUID("id");
                    if (Installation.DISCONNECTED.equals(row.getString("status"))) {
                        return Uni.createFrom().item(Optional.<SlackTokenRevoker.Sealed>empty());
                    }
                    SlackTokenRevoker.Sealed erased = SlackTokenRevoker.Sealed.of(row);
                    return conn.preparedQuery("update installation set status = 'disconnected', health = 'revoked', "
                            + "health_reason = $2, token_ciphertext = null, token_key_id = null, updated_at = now() "
                            + "where id = $1").execute(Tuple.of(id, REASON_DISCONNECTED))
                            .flatMap(updated -> cancelQueued(conn, id, REASON_DISCONNECTED))
                            .invoke(() -> LOG.infof("Installation %s of account %s disconnected", id, accountId))
                            .replaceWith(Optional.ofNullable(erased));
                }))
                .flatMap(erased -> erased.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : revoker.revoke(erased.get(), "disconnected"));
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
