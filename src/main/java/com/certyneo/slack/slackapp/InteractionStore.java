package com.certyneo.slack.slackapp;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.certyneo.slack.delivery.RetentionPurge;
import com.certyneo.slack.message.Language;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The Re-send click audit (table interaction_audit). Plain SQL on the reactive pool: the work runs after the HTTP
 * answer, outside any request-bound Hibernate session. Rows are kept as long as the deliveries (SPEC section 8).
 */
@ApplicationScoped
public class InteractionStore implements RetentionPurge.Retained {

    // selected through interaction_audit_received_idx; rows another replica's purge holds are skipped
    public static final String PURGE_CLICKS = """
            delete from interaction_audit where id in (
                select id from interaction_audit where received_at < $1 limit $2 for update skip locked)""";

    private final Pool pool;

    InteractionStore(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Uni<Long> purgeBefore(OffsetDateTime cutoff) {
        return RetentionPurge.inBatches(pool, PURGE_CLICKS, cutoff, 0);
    }

    /** Every installation of the team, each with its locale and whether its account has had an event for the envelope. */
    Uni<List<Ownership.Candidate>> candidates(String teamId, String envelopeId) {
        return pool.preparedQuery("""
                select i.id, i.account_id, i.status, i.channel_id, i.locale,
                       exists (select 1 from webhook_event e
                               where e.envelope_id = $2 and e.account_id = i.account_id) as owns
                from installation i
                where i.team_id = $1
                """).execute(Tuple.of(teamId, envelopeId)).map(rows -> {
            List<Ownership.Candidate> list = new ArrayList<>();
            for (Row row : rows) {
                list.add(new Ownership.Candidate(row.getUUID("id"), row.getString("account_id"),
                        row.getString("status"), row.getString("channel_id"), row.getBoolean("owns"),
                        Language.fromWire(row.getString("locale")).orElse(Language.EN)));
            }
            return list;
        });
    }

    /**
     * Audit row for the click as soon as it is acknowledged: outcome "received" until it completes, or
     * directly the final outcome when there is nothing to do. Missing ids are stored as "". Null when the
     * click was seen before (same click key): a replay, to be ignored whenever it comes.
     */
    Uni<Long> recordClick(Interaction click, String outcome, String detail) {
        return pool.preparedQuery("""
                insert into interaction_audit (team_id, channel_id, slack_user_id, action_id, envelope_id, outcome,
                    detail, completed_at, click_key)
                values ($1, $2, $3, $4, $5, $6, $7, case when $6 = 'received' then null else now() end, $8)
                on conflict (click_key) where click_key is not null do nothing
                returning id
                """).execute(Tuple.from(new Object[]{clip(click.teamId()), clip(click.channelId()),
                clip(click.userId()), clip(click.actionId()), clip(click.value()), outcome, detail,
                click.clickKey()}))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getLong("id") : null);
    }

    /** Ids as Slack sent them, cut to a sane length (they are checked before any use but auditing). */
    private static String clip(String value) {
        if (value == null) {
            return "";
        }
        // PostgreSQL text cannot hold NUL; the audit keeps the rest of what Slack sent
        String clean = value.replace("\0", "");
        return clean.length() <= 128 ? clean : clean.substring(0, 128);
    }

    /**
     * The Slack user of an earlier click on the same envelope from the same workspace, within the
     * window, that is still in progress or re-sent it; null when there is none. The earlier row wins,
     * so of two simultaneous clicks exactly one goes through.
     */
    Uni<String> earlierClick(long auditId, Interaction click, java.time.Duration window) {
        return pool.preparedQuery("""
                select slack_user_id from interaction_audit
                where envelope_id = $1 and team_id = $2 and action_id = $3 and id < $4
                  and outcome in ('received', 'resent')
                  and received_at > now() - make_interval(secs => $5)
                order by id desc limit 1
                """).execute(Tuple.of(click.value(), click.teamId(), click.actionId(), auditId,
                window.toMillis() / 1000.0))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString(0) : null);
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
