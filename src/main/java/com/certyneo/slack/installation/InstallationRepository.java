package com.certyneo.slack.installation;

import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.certyneo.slack.crypto.EncryptedToken;
import com.certyneo.slack.delivery.DeliveryQueue;
import com.certyneo.slack.delivery.InstallationHealth;
import com.certyneo.slack.delivery.InstallationRevoker;
import com.certyneo.slack.event.EventType;
import com.certyneo.slack.platform.ProblemException;
import com.certyneo.slack.slackapi.OAuthAccess;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Every write of the installation table: Panache for the admin's edits (channel, events); plain SQL where a row lock
 * or the caller's transaction matters, and for health, written after a Slack call, possibly off the Vert.x context a
 * Hibernate Reactive session needs. Ending an installation erases its token and cancels its queue in one transaction,
 * so no message can leave with a token we no longer hold; channel and events stay for a reinstall.
 */
@ApplicationScoped
public class InstallationRepository
        implements
            PanacheRepositoryBase<Installation, UUID>,
            InstallationRevoker,
            InstallationHealth {

    private static final Logger LOG = Logger.getLogger(InstallationRepository.class);
    static final String REASON_DISCONNECTED = "disconnected from Certyneo";
    private static final String HEALTH = "update installation set health = $2, health_reason = $3, updated_at = now() "
            + "where id = $1 and status = 'connected'";
    private static final String END = "update installation set status = $2, health = 'revoked', health_reason = $3, "
            + "token_ciphertext = null, token_key_id = null, updated_at = now() ";
    // revoked ($2) only while connected, disconnected whatever the status was (the row is locked)
    private static final String END_ONE = END + "where id = $1 and (status = 'connected' or $2 = 'disconnected') "
            + "returning id";
    private static final String END_TEAM = END + "where team_id = $1 and status = 'connected' "
            + "and ($4::text[] is null or bot_user_id = any($4)) and connected_at < $5 returning id";
    private static final String LOCK = "select id, team_id, status, token_key_id, token_ciphertext from installation "
            + "where account_id = $1 for update";

    private final Pool pool;
    private final DeliveryQueue queue;

    public InstallationRepository(Pool pool, DeliveryQueue queue) {
        this.pool = pool;
        this.queue = queue;
    }

    /** The account's installation, or null when it never connected. */
    @WithSession
    public Uni<Installation> findByAccount(String accountId) {
        return find("accountId", accountId).firstResult();
    }

    /** The account's connected installation; 409 when Slack is not connected. */
    @WithSession
    public Uni<Installation> requireConnected(String accountId) {
        return findByAccount(accountId).invoke(installation -> {
            if (installation == null || !installation.isConnected()) {
                throw ProblemException.conflict("Slack is not connected for this account; connect it first.");
            }
        });
    }

    /** Stores the picked channel; a new channel clears a "needs attention" left by the old one. */
    @WithTransaction
    public Uni<Installation> setChannel(String accountId, String channelId, String channelName) {
        return requireConnected(accountId).map(installation -> {
            installation.channelId = channelId;
            installation.channelName = channelName;
            if (Installation.HEALTH_NEEDS_ATTENTION.equals(installation.health)) {
                installation.health = Installation.HEALTH_OK;
                installation.healthReason = null;
            }
            installation.updatedAt = OffsetDateTime.now();
            return installation;
        });
    }

    /** Replaces the ticked event types; the next webhook sees the new set. */
    @WithTransaction
    public Uni<Installation> setEvents(String accountId, Set<EventType> events) {
        return requireConnected(accountId).map(installation -> {
            installation.eventSet(events);
            installation.updatedAt = OffsetDateTime.now();
            return installation;
        });
    }

    /** Applies a partial settings change; the next delivery uses the new settings. */
    @WithTransaction
    public Uni<Installation> setSettings(String accountId, InstallationSettings.Change change) {
        return requireConnected(accountId).map(installation -> {
            change.applyTo(installation);
            installation.updatedAt = OffsetDateTime.now();
            return installation;
        });
    }

    /** Health of a connected installation: {@code ok} (reason null) or {@code needs_attention} with Slack's code. */
    Uni<Void> setHealth(SqlClient conn, UUID id, String health, String reason) {
        return conn.preparedQuery(HEALTH).execute(Tuple.of(id, health, reason)).replaceWithVoid();
    }

    Uni<Void> setHealth(UUID id, String health, String reason) {
        return setHealth(pool, id, health, reason);
    }

    @Override
    public Uni<Void> healthy(SqlClient conn, UUID installationId) {
        return setHealth(conn, installationId, Installation.HEALTH_OK, null);
    }

    @Override
    public Uni<Void> needsAttention(SqlClient conn, UUID installationId, String reason) {
        return setHealth(conn, installationId, Installation.HEALTH_NEEDS_ATTENTION, reason);
    }

    /** Slack no longer accepts the token: status and health {@code revoked}, token erased, queue cancelled. */
    @Override
    public Uni<Void> revoke(UUID installationId, String reason) {
        return pool.withTransaction(conn -> conn.preparedQuery(END_ONE)
                .execute(Tuple.of(installationId, Installation.REVOKED, reason))
                .flatMap(rows -> ended(conn, rows, reason)));
    }

    /** Revokes the team's (bot users') installations connected before a Slack event: never a later reinstall. */
    public Uni<Void> revokeTeam(SqlClient conn, String teamId, String[] botUserIds, OffsetDateTime connectedBefore,
            String reason) {
        return botUserIds != null && botUserIds.length == 0
                ? Uni.createFrom().voidItem()
                : conn.preparedQuery(END_TEAM).execute(Tuple.of(teamId, Installation.REVOKED, reason, botUserIds,
                        connectedBefore)).flatMap(rows -> ended(conn, rows, reason));
    }

    /** The ended installations' queued deliveries are cancelled in the same transaction. */
    private Uni<Void> ended(SqlClient conn, RowSet<Row> rows, String reason) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Row row : rows) {
            UUID id = row.getUUID("id");
            LOG.infof("Installation %s ended: %s", id, reason);
            chain = chain.flatMap(v -> queue.cancelQueued(conn, id, reason));
        }
        return chain;
    }

    /** Disconnects the account under its row lock; returns the erased token (or null) for auth.revoke. */
    Uni<SlackTokenRevoker.Sealed> disconnect(String accountId) {
        return pool.withTransaction(conn -> conn.preparedQuery(LOCK).execute(Tuple.of(accountId)).flatMap(rows -> {
            Row row = rows.size() == 0 ? null : rows.iterator().next();
            if (row == null || Installation.DISCONNECTED.equals(row.getString("status"))) {
                return Uni.createFrom().<SlackTokenRevoker.Sealed>nullItem();
            }
            return conn.preparedQuery(END_ONE)
                    .execute(Tuple.of(row.getUUID("id"), Installation.DISCONNECTED, REASON_DISCONNECTED))
                    .flatMap(ended -> ended(conn, ended, REASON_DISCONNECTED))
                    .replaceWith(SlackTokenRevoker.Sealed.of(row));
        }));
    }

    /** The stored installation and, when it moved to another workspace, the token it held there. */
    record Installed(UUID id, SlackTokenRevoker.Sealed replaced) {
    }

    /**
     * Stores an OAuth grant under the account's row lock, {@code seal} encrypting the token for the installation's id.
     * A reinstall keeps channel and events in the same workspace; in another one they reset and its queue is cancelled.
     */
    Uni<Installed> install(String accountId, OAuthAccess access, Function<UUID, EncryptedToken> seal) {
        return pool.withTransaction(conn -> conn.preparedQuery(LOCK).execute(Tuple.of(accountId)).flatMap(rows -> {
            Row row = rows.size() == 0 ? null : rows.iterator().next();
            UUID id = row == null ? UUID.randomUUID() : row.getUUID("id");
            EncryptedToken sealed = seal.apply(id);
            boolean sameTeam = row == null || access.teamId().equals(row.getString("team_id"));
            Uni<Void> cancel = sameTeam
                    ? Uni.createFrom().voidItem()
                    : queue.cancelQueued(conn, id, "reinstalled into another Slack workspace");
            return cancel.flatMap(v -> conn.preparedQuery("insert into installation (id, account_id, status, team_id, "
                    + "team_name, bot_user_id, app_id, scopes, token_key_id, token_ciphertext, events, health, "
                    + "connected_at) values ($1, $2, 'connected', $3, $4, $5, $6, $7, $8, $9, $10, 'ok', now()) "
                    + "on conflict (account_id) do update set status = 'connected', team_id = $3, team_name = $4, "
                    + "bot_user_id = $5, app_id = $6, scopes = $7, token_key_id = $8, token_ciphertext = $9, "
                    + "health = 'ok', health_reason = null, connected_at = now(), updated_at = now(), "
                    + "channel_id = case when $11 then installation.channel_id end, "
                    + "channel_name = case when $11 then installation.channel_name end, "
                    + "events = case when $11 then installation.events else $10 end "
            // a first install racing another one for the same account: its token was sealed for another id
                    + "where installation.id = $1 returning id")
                    .execute(Tuple.from(new Object[]{id, accountId, access.teamId(), access.teamName(),
                            access.botUserId(), access.appId(), access.scope(), sealed.keyId(),
                            Buffer.buffer(sealed.ciphertext()), EventType.allStored(), sameTeam})))
                    .map(stored -> {
                        if (stored.size() == 0) {
                            throw new IllegalStateException("Concurrent first install of account " + accountId);
                        }
                        return new Installed(id, sameTeam ? null : SlackTokenRevoker.Sealed.of(row));
                    });
        }));
    }

    /** Every stored token not sealed with {@code keyId} (key rotation). */
    Multi<SlackTokenRevoker.Sealed> tokensNotUnder(String keyId) {
        return pool.preparedQuery("select id, team_id, token_key_id, token_ciphertext from installation "
                + "where token_ciphertext is not null and token_key_id is distinct from $1").execute(Tuple.of(keyId))
                .onItem().transformToMulti(rows -> Multi.createFrom().iterable(rows)).map(SlackTokenRevoker.Sealed::of);
    }

    /** Compare-and-set of a sealed token: a racing replica or reinstall never loses or double-moves a token. */
    Uni<Integer> replaceToken(SlackTokenRevoker.Sealed old, EncryptedToken fresh) {
        return pool.preparedQuery("update installation set token_key_id = $2, token_ciphertext = $3, "
                + "updated_at = now() where id = $1 and token_key_id is not distinct from $4 and token_ciphertext = $5")
                .execute(Tuple.of(old.id(), fresh.keyId(), Buffer.buffer(fresh.ciphertext()), old.keyId(),
                        Buffer.buffer(old.ciphertext())))
                .map(rows -> rows.rowCount());
    }
}
