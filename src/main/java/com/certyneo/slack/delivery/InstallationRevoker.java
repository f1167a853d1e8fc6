package com.certyneo.slack.delivery;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Slack said the token is dead: the installation is revoked, its token erased and its queue cancelled. */
@ApplicationScoped
public class InstallationRevoker {

    private static final String REVOKE = """
            update installation
               set status = 'revoked', health = 'revoked', health_reason = $2, token_ciphertext = null,
                   token_key_id = null, updated_at = now()
             where id = $1 and status = 'connected'""";

    private static final String CANCEL_QUEUE = """
            with cancelled as (
                update delivery
                   set status = 'cancelled', last_error = $2, ended_at = clock_timestamp(),
                       lease_owner = null, lease_until = null
                 where installation_id = $1 and status = 'queued'
                returning event_id)
            update webhook_event set payload = null where event_id in (select event_id from cancelled)""";

    private final Pool pool;

    public InstallationRevoker(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> revoke(UUID installationId, String reason) {
        return pool.withTransaction(conn -> conn.preparedQuery(REVOKE).execute(Tuple.of(installationId, reason))
                .chain(() -> conn.preparedQuery(CANCEL_QUEUE)
                        .execute(Tuple.of(installationId, "installation revoked: " + reason))))
                .replaceWithVoid();
    }
}
