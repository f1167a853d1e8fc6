package com.certyneo.slack.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.FakeSlack;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * One claim pass of {@link ClaimPlanner} (the follow-ups, then the walk) against the real queue, with the walk failing
 * as it does when the database goes away between the two statements.
 */
@QuarkusTest
class ClaimPlannerTest {

    @Inject
    DeliveryFixtures fixtures;
    @Inject
    DeliveryEngine engine;
    @Inject
    DeliveryConfig config;
    @Inject
    Pool pool;
    @Inject
    ChannelPacer pacer;
    @Inject
    InstallationHealth health;
    @Inject
    HeldDeliveries held;
    @Inject
    DeliveryMetrics metrics;

    @BeforeEach
    void stopTheApplicationsReplica() {
        // this test claims by hand; the application's replica would take the same head
        engine.dispatcher().stop(Duration.ZERO).await().atMost(Duration.ofSeconds(10));
    }

    @AfterEach
    void resume() {
        pool.query("update delivery set status = 'cancelled', ended_at = now() "
                + "where status = 'queued' and channel_id like 'CPLAN%'").execute().await()
                .atMost(Duration.ofSeconds(30));
        engine.dispatcher().resume();
    }

    @Test
    void aDeliveryTheFollowUpClaimedIsHandedOverWhenTheWalkAfterItFails() {
        var inst = fixtures.install(FakeSlack.TEAM_ID, DeliveryFixtures.channel("CPLAN"), FakeSlack.BOT_TOKEN);
        long head = fixtures.enqueue(inst, "envelope.sent", "Followed up", false);
        DeliveryQueue walkFails = new DeliveryQueue(pool, pacer, health, held, metrics) {
            @Override
            Uni<Claim> claim(String owner, int limit, Duration lease, Duration claimAhead) {
                return Uni.createFrom().failure(new IllegalStateException("connection closed"));
            }
        };
        AtomicInteger inFlight = new AtomicInteger();
        ClaimPlanner planner = new ClaimPlanner("planner-test", walkFails, config, inFlight, () -> {
        }, () -> false);
        // its channel followed up now; a new planner also wants a walk, which fails
        planner.ended(new ChannelKey(inst.teamId(), inst.channelId()), false);

        List<ClaimedDelivery> claimed = planner.claim().await().atMost(Duration.ofSeconds(10));

        // leased by this claim and counted in flight: dropped here, it would wait out its lease and hold a slot of
        // the dispatcher's concurrency for good
        assertThat(claimed).extracting(ClaimedDelivery::id).containsExactly(head);
        assertThat(inFlight.get()).isEqualTo(1);
    }
}
