package com.certyneo.slack.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A full batch of slot bookings or of sent records finds its deliveries and its channels' pace rows by index among
 * thousands: a join with the batch's arrays could be planned as a scan of every delivery (history included) or of
 * every channel, and a check per element as one walk of the whole batch per element.
 */
@QuarkusTest
class DeliveryBatchPlanTest {

    private static final int ROWS = 5000;
    private static final int BATCH = 256;

    @Inject
    Pool pool;

    @AfterEach
    void removeTheManyRows() {
        pool.query("delete from delivery where account_id = 'acc_sent_plan'").execute()
                .chain(() -> pool.query("delete from channel_pace where team_id = 'TSENTPLAN'").execute()).await()
                .atMost(Duration.ofSeconds(30));
    }

    @Test
    void fullBatchesOfSlotBookingsAndSentRecordsProbeDeliveriesAndChannelsByIndex() {
        pool.query("""
                insert into delivery (event_id, installation_id, account_id, team_id, channel_id, event_type, status,
                                      lease_owner, lease_until)
                select 'evt_sent_plan_' || g, gen_random_uuid(), 'acc_sent_plan', 'TSENTPLAN', 'C' || g,
                       'envelope.sent', 'queued', 'plan-owner', now() + interval '1 hour'
                  from generate_series(1, %1$d) g""".formatted(ROWS)).execute()
                .chain(() -> pool.query("""
                        insert into channel_pace (team_id, channel_id, next_send_at)
                        select 'TSENTPLAN', 'C' || g, now() from generate_series(1, %1$d) g""".formatted(ROWS))
                        .execute())
                .chain(() -> pool.query("analyze delivery, channel_pace").execute()).await()
                .atMost(Duration.ofMinutes(1));
        // a booking names its delivery's own channel; every 17th delivery, so that the batch spans the table
        List<Row> claimed = pool.query("select id, channel_id from delivery where account_id = 'acc_sent_plan' "
                + "and id % 17 = 0 order by id limit " + BATCH).execute().await().atMost(Duration.ofSeconds(10))
                .stream().toList();
        Long[] ids = claimed.stream().map(r -> r.getLong("id")).toArray(Long[]::new);
        String[] text = new String[BATCH], teams = new String[BATCH], channels = new String[BATCH],
                owners = new String[BATCH];
        OffsetDateTime[] at = new OffsetDateTime[BATCH];
        Integer[] numbers = new Integer[BATCH];
        Double[] since = new Double[BATCH];
        for (int i = 0; i < BATCH; i++) {
            text[i] = "1700000000." + i;
            teams[i] = "TSENTPLAN";
            channels[i] = claimed.get(i).getString("channel_id");
            at[i] = OffsetDateTime.now();
            numbers[i] = i;
            since[i] = 0.01;
            owners[i] = "plan-owner";
        }

        String sent = explain(QueueSql.SENT, Tuple.from(List.of(ids, text, at, text, text, numbers, numbers)));
        String hold = explain(PaceSql.HOLD, Tuple.of(teams, channels, since, 1.0));
        String book = explain(PaceSql.RESERVE_FOR_CLAIMS, Tuple.of(teams, channels, 1.0, ids, text));

        assertThat(sent).contains("\"Relation Name\":\"delivery\"")
                .doesNotContainPattern("\"Node Type\":\"Seq Scan\",[^}]*\"Relation Name\":\"delivery\"");
        assertThat(book).contains("\"Relation Name\":\"delivery\"")
                .doesNotContainPattern("\"Node Type\":\"Seq Scan\",[^}]*\"Relation Name\":\"delivery\"");
        // run, not only planned: the claims are checked with one pass over the batch's deliveries, not one per booking
        RowSet<Row> booked = pool.preparedQuery("explain (analyze, format json) " + PaceSql.RESERVE_FOR_CLAIMS)
                .execute(Tuple.of(teams, channels, 1.0, ids, owners)).await().atMost(Duration.ofSeconds(30));
        assertThat(Plans.scansOf(booked, "delivery")).as("times each scan of delivery ran, booking %d slots", BATCH)
                .extracting(scan -> scan.getInteger("Actual Loops")).containsOnly(1);
        assertThat(pool.query("select count(*) from channel_pace where team_id = 'TSENTPLAN' and next_send_at > now()")
                .execute().await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0))
                .as("every claim checked was still held, so every slot was booked").isEqualTo(BATCH);
        assertThat(hold).contains("\"Index Name\":\"channel_pace_pkey\"")
                .doesNotContainPattern("\"Node Type\":\"Seq Scan\",[^}]*\"Relation Name\":\"channel_pace\"");
    }

    /** EXPLAIN without ANALYZE: planned, not run. */
    private String explain(String statement, Tuple args) {
        return pool.preparedQuery("explain (format json) " + statement).execute(args).map(Plans::text).await()
                .atMost(Duration.ofSeconds(10));
    }
}
