package com.certyneo.slack.interaction;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Plain SQL on the reactive pool: the work runs after the HTTP answer, outside any request-bound
 * Hibernate session.
 */
@ApplicationScoped
class InteractionStore {

    private final Pool pool;

    InteractionStore(Pool pool) {
        this.pool = pool;
    }

    /** Every installation of the team, each with whether its account has had an event for the envelope. */
    Uni<List<Ownership.Candidate>> candidates(String teamId, String envelopeId) {
        return pool.preparedQuery("""
                select i.id, i.account_id, i.status, i.channel_id,
                       exists (select 1 from webhook_event e
                               where e.envelope_id = $2 and e.account_id = i.account_id) as owns
                from installation i
                where i.team_id = $1
                """).execute(Tuple.of(teamId, envelopeId)).map(rows -> {
            List<Ownership.Candidate> list = new ArrayList<>();
            for (Row row : rows) {
                list.add(new Ownership.Candidate(row.getUUID("id"), row.getString("account_id"),
                        row.getString("status"), row.getString("channel_id"), row.getBoolean("owns")));
            }
            return list;
        });
    }

    /** Audit row for the click as soon as it is acknowledged; outcome "received" until it completes. */
    Uni<Long> recordClick(Interaction click) {
        return pool.preparedQuery("""
                insert into interaction_audit (team_id, channel_id, slack_user_id, action_id, envelope_id, outcome)
                values ($1, $2, $3, $4, $5, 'received') returning id
                """).execute(Tuple.of(click.teamId(), click.channelId(), click.userId(), click.actionId(),
                click.value())).map(rows -> rows.iterator().next().getLong("id"));
    }

    Uni<Void> recordOutcome(long auditId, Ownership.Candidate installation, String outcome, String detail,
            Integer httpStatus) {
        return pool.preparedQuery("""
                update interaction_audit
                set outcome = $2, detail = $3, http_status = $4, account_id = $5, installation_id = $6,
                    completed_at = now()
                where id = $1
                """).execute(Tuple.from(new Object[]{auditId, outcome, detail, httpStatus,
                installation == null ? null : installation.accountId(),
                installation == null ? null : installation.installationId()})).replaceWithVoid();
    }

}
