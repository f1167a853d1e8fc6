package com.certyneo.slack.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.Function;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The two updates every delivered message makes without changing an indexed column, the erasure of its event's
 * payload and the claim's lease, find room on the row's own page: PostgreSQL then adds no index entry for them (a HOT
 * update). Pages are filled as the intake fills them, then one row per page is updated, all in one transaction that
 * is rolled back, so that only the fill factor decides where the new versions go. The backend's counters may still
 * hold earlier transactions' counts (they are flushed later), so each test counts what its own statements added.
 */
@QuarkusTest
class UpdatesInPlaceTest {

    private static final int ROWS = 300;

    @Inject
    Pool pool;

    @Test
    void erasingTheEventsOfEndedDeliveriesAddsNoIndexEntry() {
        Row counts = inRolledBackTransaction(conn -> conn.query("""
                with events as (
                    insert into webhook_event (event_id, account_id, event_type, payload)
                    select 'evt_in_place_' || g, 'acc_in_place', 'envelope.completed', repeat('x', 700)
                      from generate_series(1, %d) g
                    returning event_id)
                insert into delivery (event_id, installation_id, account_id, team_id, channel_id, event_type)
                select event_id, gen_random_uuid(), 'acc_in_place', 'TINPLACE', 'CINPLACE', 'envelope.completed'
                  from events""".formatted(ROWS)).execute()
                // ending a delivery erases its event's payload (the trigger of V16)
                .flatMap(ignored -> conn.query("""
                        update delivery set status = 'sent', ended_at = now()
                         where account_id = 'acc_in_place'""").execute())
                .map(ignored -> """
                        select pg_stat_get_xact_tuples_updated('webhook_event'::regclass) - $1 as updated,
                               pg_stat_get_xact_tuples_hot_updated('webhook_event'::regclass) - $2 as in_place,
                               (select count(*) from webhook_event where account_id = 'acc_in_place'
                                   and payload is null) as erased"""), "webhook_event");

        assertThat(counts.getLong("erased")).isEqualTo(ROWS);
        assertThat(counts.getLong("updated")).isEqualTo(ROWS);
        assertThat(counts.getLong("in_place")).isEqualTo(ROWS);
    }

    @Test
    void leasingADeliveryAddsNoIndexEntry() {
        Row counts = inRolledBackTransaction(conn -> conn.query("""
                insert into delivery (event_id, installation_id, account_id, team_id, channel_id, event_type)
                select 'evt_lease_' || g, gen_random_uuid(), 'acc_in_place', 'TINPLACE', 'CINPLACE' || (g %% 7),
                       'envelope.completed'
                  from generate_series(1, %d) g""".formatted(ROWS)).execute()
                // the first row of every page is leased, as a claim leases a channel's head
                .flatMap(ignored -> conn.query("""
                        update delivery set lease_owner = 'replica-in-place', lease_until = now() + interval '1 minute'
                         where ctid = any (select min(ctid) from delivery where account_id = 'acc_in_place'
                                            group by (ctid::text::point)[0])""").execute())
                .map(ignored -> """
                        select pg_stat_get_xact_tuples_updated('delivery'::regclass) - $1 as updated,
                               pg_stat_get_xact_tuples_hot_updated('delivery'::regclass) - $2 as in_place"""),
                "delivery");

        assertThat(counts.getLong("updated")).isGreaterThan(2);
        assertThat(counts.getLong("in_place")).isEqualTo(counts.getLong("updated"));
    }

    /** Runs {@code work}, then the counting query it answers (parameters: the counters before it) on {@code table}. */
    private Row inRolledBackTransaction(Function<SqlConnection, Uni<String>> work, String table) {
        String counters = "select pg_stat_get_xact_tuples_updated('%1$s'::regclass) as updated, "
                + "pg_stat_get_xact_tuples_hot_updated('%1$s'::regclass) as in_place";
        return pool.withConnection(conn -> conn.begin().flatMap(tx -> conn.query(counters.formatted(table)).execute()
                .map(rows -> rows.iterator().next())
                .flatMap(before -> work.apply(conn).flatMap(counting -> conn.preparedQuery(counting)
                        .execute(Tuple.of(before.getLong("updated"), before.getLong("in_place")))))
                .map(rows -> rows.iterator().next())
                .call(ignored -> tx.rollback())))
                .await().atMost(Duration.ofSeconds(30));
    }
}
