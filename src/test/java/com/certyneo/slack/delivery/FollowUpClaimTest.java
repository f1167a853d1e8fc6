package com.certyneo.slack.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.FakeSlack;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The claim by channel key a dispatcher uses to follow up the channels it knows (DeliveryDispatcher, ChannelFollowUps):
 * it takes the heads of those channels only, under the same rules as the walk over every head, and says when the
 * heads it could not take become claimable; its plan probes each channel's head by index whatever the statistics say.
 */
@QuarkusTest
class FollowUpClaimTest {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration AHEAD = Duration.ofMillis(100);

    @Inject
    DeliveryFixtures fixtures;
    @Inject
    DeliveryQueue queue;
    @Inject
    DeliveryEngine engine;
    @Inject
    Pool pool;

    @BeforeEach
    void stopTheApplicationsReplica() {
        // this test claims by hand; the application's replica would take the same heads
        engine.dispatcher().stop(Duration.ZERO).await().atMost(Duration.ofSeconds(10));
    }

    @AfterEach
    void resume() {
        pool.query("delete from delivery where account_id = 'acc_fu_plan'").execute()
                .chain(() -> pool.query("update delivery set status = 'cancelled', ended_at = now() "
                        + "where status = 'queued' and channel_id like 'CFU%'").execute())
                .await().atMost(Duration.ofSeconds(30));
        engine.dispatcher().resume();
    }

    @Test
    void aClaimByChannelTakesOnlyTheHeadsOfThoseChannelsAndSaysWhenTheOthersBecomeClaimable() {
        var free = install("CFUFREE");
        var booked = install("CFUBOOK");
        var elsewhere = install("CFULEASE");
        var notAsked = install("CFUNOTASKED");
        long freeHead = fixtures.enqueue(free, "envelope.sent", "First", false);
        long freeSecond = fixtures.enqueue(free, "envelope.sent", "Second", false);
        long bookedHead = fixtures.enqueue(booked, "envelope.sent", "Booked", false);
        fixtures.enqueueClaimed(elsewhere, "Leased", "another-replica", 30);
        long notAskedHead = fixtures.enqueue(notAsked, "envelope.sent", "Not asked", false);
        fixtures.update("""
                insert into channel_pace (team_id, channel_id, next_send_at)
                values ($1, $2, clock_timestamp() + interval '600 milliseconds')
                on conflict (team_id, channel_id) do update set next_send_at = excluded.next_send_at""",
                Tuple.of(booked.teamId(), booked.channelId()));

        DeliveryQueue.Claim claim = queue.claim("follow-up-owner", List.of(key(free), key(booked), key(elsewhere)),
                LEASE, AHEAD).await().atMost(Duration.ofSeconds(10));

        assertThat(claim.deliveries()).as("only the head of the free channel").extracting(ClaimedDelivery::id)
                .containsExactly(freeHead);
        assertThat(claim.notTaken()).as("the booked channel, not the one another replica holds")
                .containsOnlyKeys(key(booked));
        assertThat(claim.notTaken().get(key(booked))).as("claimable claim-ahead before its slot")
                .isBetween(Duration.ofMillis(300), Duration.ofMillis(500));
        assertThat(fixtures.delivery(freeHead).getString("lease_owner")).isEqualTo("follow-up-owner");
        for (long untouched : List.of(freeSecond, bookedHead, notAskedHead)) {
            assertThat(fixtures.delivery(untouched).getString("lease_owner")).as("delivery %d", untouched).isNull();
        }
    }

    @Test
    void theGenericPlanProbesEachChannelsHeadByIndexEvenWithStatisticsOfOneHugeChannel() {
        // statistics taken when one channel held the whole backlog (as after a burst) must not turn the probe of
        // each channel's head into a scan of the queue
        pool.query("""
                insert into delivery (event_id, installation_id, account_id, team_id, channel_id, event_type)
                select 'evt_fu_plan_' || g, gen_random_uuid(), 'acc_fu_plan', 'TFUPLAN',
                       case when g <= 5000 then 'CHUGE' else 'C' || g end, 'envelope.sent'
                  from generate_series(1, 5200) g""").execute()
                .chain(() -> pool.query("analyze delivery").execute()).await().atMost(Duration.ofMinutes(1));
        String[] teams = new String[64];
        String[] channels = new String[64];
        for (int i = 0; i < 64; i++) {
            teams[i] = "TFUPLAN";
            channels[i] = i == 0 ? "CHUGE" : "C" + (5001 + i);
        }
        Tuple args = Tuple.from(List.of("plan-owner", 30.0, 64, 0.1, teams, channels));

        RowSet<Row> plan = pool.withConnection(conn -> conn.begin().chain(tx -> conn
                .query("set local plan_cache_mode = force_generic_plan").execute()
                .chain(() -> conn.preparedQuery("explain (analyze, format json) " + ClaimSql.CLAIM_CHANNELS)
                        .execute(args))
                .call(tx::rollback))).await().atMost(Duration.ofSeconds(30));

        assertThat(Plans.scansOf(plan, "delivery")).as("every read of delivery").isNotEmpty()
                .allSatisfy(scan -> assertThat(scan.getString("Node Type")).isNotEqualTo("Seq Scan"))
                .as("the probe of each channel's head")
                .anySatisfy(scan -> assertThat(scan.getString("Index Name")).isEqualTo("delivery_pending_idx"));
        // each lookup is driven by its head or claimed row (a plain join was planned as a scan of the whole table);
        // how a tiny test table is then read, by index or by its one page, is the planner's choice
        Map<String, String> drivenBy = Map.of("channel_pace", "channel_id = n.channel_id",
                "installation", "c.installation_id", "webhook_event", "c.event_id");
        drivenBy.forEach((table, key) -> assertThat(Plans.scansOf(plan, table)).as("every read of %s", table)
                .isNotEmpty().allSatisfy(scan -> assertThat(scan.getString("Index Cond", "") + " "
                        + scan.getString("Filter", "")).contains(key)));
    }

    @Test
    void noClaimScansThePendingIndexByIdAloneWhenItsStatisticsWereTakenWithAnEmptyQueue() {
        // a vacuum while no delivery is queued leaves the partial index counting no row, and the planner then prices
        // any scan of it at one page: a lookup by id alone became a scan of the whole pending index per candidate
        // (190 pages each with 1,000 busy channels); every use of that index must be keyed by channel
        pool.query("""
                insert into delivery (event_id, installation_id, account_id, team_id, channel_id, event_type)
                select 'evt_fu_plan_' || g, gen_random_uuid(), 'acc_fu_plan', 'TFUPLAN', 'C' || (g % 64),
                       'envelope.sent'
                  from generate_series(1, 640) g""").execute().await().atMost(Duration.ofMinutes(1));
        String[] teams = new String[64];
        String[] channels = new String[64];
        for (int i = 0; i < 64; i++) {
            teams[i] = "TFUPLAN";
            channels[i] = "C" + i;
        }
        Map<String, Tuple> claims = Map.of(
                "the walk", Tuple.from(List.of("plan-owner", 30.0, 64, 0.1)),
                "the follow-up", Tuple.from(List.of("plan-owner", 30.0, 64, 0.1, teams, channels)));
        Map<String, String> statements = Map.of("the walk", ClaimSql.CLAIM, "the follow-up", ClaimSql.CLAIM_CHANNELS);

        claims.forEach((name, args) -> {
            RowSet<Row> plan = Plans.withAnEmptyQueuesStatistics(pool, statements.get(name), args, true);

            assertThat(Plans.scansOf(plan, "delivery")).as("%s: every read of delivery", name)
                    .filteredOn(scan -> "delivery_pending_idx".equals(scan.getString("Index Name")))
                    .as("%s: every read of the pending index starts from a channel (or from the first one)", name)
                    .isNotEmpty()
                    .allSatisfy(scan -> assertThat(scan.getString("Index Cond", "team_id")).contains("team_id"));
        });
    }

    private DeliveryFixtures.Installed install(String prefix) {
        return fixtures.install(FakeSlack.TEAM_ID, DeliveryFixtures.channel(prefix), FakeSlack.BOT_TOKEN);
    }

    private static ChannelKey key(DeliveryFixtures.Installed inst) {
        return new ChannelKey(inst.teamId(), inst.channelId());
    }
}
