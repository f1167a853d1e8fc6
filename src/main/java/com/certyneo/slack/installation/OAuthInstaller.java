package com.certyneo.slack.installation;

import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.certyneo.slack.crypto.EncryptedToken;
import com.certyneo.slack.crypto.TokenCipher;
import com.certyneo.slack.event.EventType;
import com.certyneo.slack.slackapi.OAuthAccess;
import com.certyneo.slack.slackapi.SlackClient;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The end of the OAuth dance: exchanges the code with oauth.v2.access, seals the bot token and stores the
 * installation. Reinstalling replaces the token; channel and events survive when the workspace is the same and
 * are reset when it differs (queued messages for the old workspace are cancelled). Nothing is stored unless
 * Slack granted a bot token with the two scopes.
 */
@ApplicationScoped
public class OAuthInstaller {

    private static final Logger LOG = Logger.getLogger(OAuthInstaller.class);
    static final Set<String> REQUIRED_SCOPES = Set.of("chat:write", "channels:read");
    private static final Pattern SLACK_CODE = Pattern.compile("[a-z0-9_]{1,60}");

    /** {@code reason} is null when connected, else a short code for {@code ?slack=error&reason=}. */
    public record Outcome(String reason) {
        static Outcome connected() {
            return new Outcome(null);
        }

        public boolean isConnected() {
            return reason == null;
        }
    }

    private final SlackClient slack;
    private final TokenCipher cipher;
    private final Pool pool;
    private final SlackTokenRevoker revoker;

    public OAuthInstaller(SlackClient slack, TokenCipher cipher, Pool pool, SlackTokenRevoker revoker) {
        this.slack = slack;
        this.cipher = cipher;
        this.pool = pool;
        this.revoker = revoker;
    }

    public Uni<Outcome> complete(String accountId, String code, String redirectUri) {
        return slack.oauthV2Access(code, redirectUri).flatMap(result -> {
            if (!result.isOk()) {
                String reason = result.errorCode().filter(c -> SLACK_CODE.matcher(c).matches())
                        .orElse("slack_unavailable");
                LOG.infof("Slack install for account %s failed at oauth.v2.access: %s", accountId, result.describe());
                return Uni.createFrom().item(new Outcome(reason));
            }
            OAuthAccess access = result.value();
            String problem = check(access);
            if (problem != null) {
                LOG.infof("Slack install for account %s refused: %s", accountId, problem);
                // a token we will not keep must not stay alive at Slack
                Uni<?> revoke = access.accessToken() == null || access.accessToken().isBlank()
                        ? Uni.createFrom().voidItem()
                        : slack.authRevoke(access.accessToken());
                return revoke.replaceWith(new Outcome(problem));
            }
            return pool.withTransaction(conn -> store(conn, accountId, access)).flatMap(stored -> {
                LOG.infof("Account %s connected Slack workspace %s (installation %s)", accountId, access.teamId(),
                        stored.id());
                // the old workspace's token is no longer ours to use: it must not stay live at Slack either
                return revoker.revoke(stored.replaced(), "reinstalled into another Slack workspace")
                        .replaceWith(Outcome.connected());
            });
        });
    }

    private static String check(OAuthAccess access) {
        if (access.accessToken() == null || access.accessToken().isBlank() || access.teamId() == null) {
            return "no_bot_token";
        }
        Set<String> granted = access.scope() == null
                ? Set.of()
                : Arrays.stream(access.scope().split(",")).map(String::trim).collect(Collectors.toSet());
        return granted.containsAll(REQUIRED_SCOPES) ? null : "missing_scopes";
    }

    /** The stored installation and, when it moved to another workspace, the token it held there. */
    private record Stored(UUID id, SlackTokenRevoker.Sealed replaced) {
    }

    private Uni<Stored> store(SqlClient conn, String accountId, OAuthAccess access) {
        return conn.preparedQuery("select id, team_id, token_key_id, token_ciphertext from installation "
                + "where account_id = $1 for update")
                .execute(Tuple.of(accountId)).flatMap(rows -> {
                    if (rows.size() == 0) {
                        return insert(conn, accountId, access).map(id -> new Stored(id, null));
                    }
                    Row row = rows.iterator().next();
                    UUID id = row.getUUID("id");
                    boolean sameTeam = access.teamId().equals(row.getString("team_id"));
                    SlackTokenRevoker.Sealed replaced = sameTeam ? null : SlackTokenRevoker.Sealed.of(row);
                    EncryptedToken sealed = cipher.encrypt(id, access.accessToken());
                    Uni<Void> cancel = sameTeam
                            ? Uni.createFrom().voidItem()
                            : InstallationLifecycle.cancelQueued(conn, id, "reinstalled into another Slack workspace");
                    return cancel.flatMap(v -> conn.preparedQuery("update installation set status = 'connected', "
                            + "team_id = $2, team_name = $3, bot_user_id = $4, app_id = $5, scopes = $6, "
                            + "token_key_id = $7, token_ciphertext = $8, health = 'ok', health_reason = null, "
                            + "connected_at = now(), updated_at = now(), "
                            + "channel_id = case when $9 then channel_id end, "
                            + "channel_name = case when $9 then channel_name end, "
                            + "events = case when $9 then events else $10 end where id = $1")
                            .execute(Tuple.from(new Object[]{id, access.teamId(), access.teamName(),
                                    access.botUserId(), access.appId(), access.scope(), sealed.keyId(),
                                    Buffer.buffer(sealed.ciphertext()), sameTeam, EventType.allStored()})))
                            .replaceWith(new Stored(id, replaced));
                });
    }

    private Uni<UUID> insert(SqlClient conn, String accountId, OAuthAccess access) {
        UUID id = UUID.randomUUID();
        EncryptedToken sealed = cipher.encrypt(id, access.accessToken());
        return conn.preparedQuery("insert into installation (id, account_id, status, team_id, team_name, "
                + "bot_user_id, app_id, scopes, token_key_id, token_ciphertext, events, health, connected_at) "
                + "values ($1, $2, 'connected', $3, $4, $5, $6, $7, $8, $9, $10, 'ok', now())")
                .execute(Tuple.from(new Object[]{id, accountId, access.teamId(), access.teamName(),
                        access.botUserId(), access.appId(), access.scope(), sealed.keyId(),
                        Buffer.buffer(sealed.ciphertext()), EventType.allStored()}))
                .replaceWith(id);
    }
}
