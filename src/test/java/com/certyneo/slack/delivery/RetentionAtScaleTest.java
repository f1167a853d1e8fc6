package com.certyneo.slack.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.certyneo.slack.slackapp.InteractionStore;
import com.certyneo.slack.testsupport.FakeSlack;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * SPEC section 8: retention applies to Re-send clicks too, and one run clears everything past the retention, however
 * much piled up (an hour at 500 deliveries/s is 1.8 million), through index-usable predicates.
 */
@QuarkusTest
class RetentionAtScaleTest {

    private static final int OLD_DELIVERIES = 30_000;
    private static final int OLD_CLICKS = 12_000;

    @Inject
    DeliveryFixtures fixtures;

    @Inject
    RetentionPurge purge;

    @Inject
    Pool pool;

    @Test
    void oneRunClearsTensOfThousandsOfOldDeliveriesAndClicksAndKeepsRecentOnes() {
        var inst = fixtures.install(FakeSlack.TEAM_ID, DeliveryFixtures.channel("CSCALE"), "xoxb-unused");
        fixtures.update("update installation set status = 'disconnected' where id = $1", Tuple.of(inst.id()));
        String prefix = "scale-" + System.nanoTime() + "-";
        bulkInsert("""
                insert into webhook_event (event_id, account_id, event_type, received_at)
                select $1 || g, $2, 'envelope.sent', now() - interval '100 days' from generate_series(1, $3) g""",
                Tuple.of(prefix, inst.accountId(), OLD_DELIVERIES + 1));
        bulkInsert("""
                insert into delivery (event_id, installation_id, account_id, team_id, channel_id, event_type, status,
                                      received_at, sent_at, ended_at)
                select $1 || g, $2, $3, $4, $5, 'envelope.sent', 'sent', now() - interval '100 days',
                       now() - interval '100 days',
                       case when g <= $6 then now() - interval '91 days' else now() - interval '1 day' end
                from generate_series(1, $6 + 1) g""",
                Tuple.tuple().addString(prefix).addUUID(inst.id()).addString(inst.accountId())
                        .addString(inst.teamId()).addString(inst.channelId()).addInteger(OLD_DELIVERIES));
        bulkInsert("""
                insert into delivery_attempt (delivery_id, attempted_at, outcome)
                select id, now() - interval '100 days', 'ok' from delivery where event_id like $1 || '%'""",
                Tuple.of(prefix));
        String team = "TSCALE" + (System.nanoTime() % 100000);
        bulkInsert("""
                insert into interaction_audit (received_at, team_id, slack_user_id, action_id, envelope_id, outcome)
                select case when g <= $2 then now() - interval '91 days' else now() - interval '1 day' end,
                       $1, 'U0CLICKER', 'envelope.resend', 'env_' || g, 'resent'
                from generate_series(1, $2 + 1) g""", Tuple.of(team, OLD_CLICKS));

        long started = System.nanoTime();
        long removed = purge.purge().await().atMost(Duration.ofMinutes(2));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("Retention purge: %d rows in %d ms%n", removed, took.toMillis());

        assertThat(count("select count(*) from delivery where event_id like $1 || '%'", prefix)).isEqualTo(1);
        assertThat(count("select count(*) from webhook_event where event_id like $1 || '%'", prefix)).isEqualTo(1);
        assertThat(count("""
                select count(*) from delivery_attempt a join delivery d on d.id = a.delivery_id
                where d.event_id like $1 || '%'""", prefix)).isEqualTo(1);
        assertThat(count("select count(*) from interaction_audit where team_id = $1", team)).isEqualTo(1);
        assertThat(removed).isGreaterThanOrEqualTo(OLD_DELIVERIES + OLD_CLICKS);
    }

    @Test
    void thePurgeSelectsItsRowsThroughIndexes() {
        assertThat(plan(QueueSql.PURGE_ENDED)).contains("delivery_ended_idx")
                .doesNotContain("Seq Scan on delivery");
        assertThat(plan(InteractionStore.PURGE_CLICKS)).contains("interaction_audit_received_idx")
                .doesNotContain("Seq Scan on interaction_audit");
    }

    /** The plan with sequential scans discouraged: a predicate no index can serve still shows a Seq Scan. */
    private String plan(String statement) {
        OffsetDateTime cutoff = OffsetDateTime.now(ZoneOffset.UTC).minusDays(90);
        return pool.withTransaction(conn -> conn.query("set local enable_seqscan = off").execute()
                .flatMap(ignored -> conn.preparedQuery("explain (format json) " + statement)
                        .execute(Tuple.of(cutoff, RetentionPurge.BATCH)))
                .map(Plans::text))
                .await().atMost(Duration.ofSeconds(10));
    }

    private long count(String sql, String param) {
        return fixtures.one(sql, Tuple.of(param)).getLong(0);
    }

    /** Tens of thousands of rows: more than the fixtures' per-statement bound allows on a loaded machine. */
    private void bulkInsert(String sql, Tuple args) {
        pool.preparedQuery(sql).execute(args).await().atMost(Duration.ofMinutes(2));
    }
}
