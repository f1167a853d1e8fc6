package com.certyneo.slack.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.FakeSlack;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * {@link ClaimPlanner} against the real queue: one claim pass (the follow-ups, then the walk) with the walk failing as
 * it does when the database goes away between the two statements; and its timer, alone to bring the follow-ups.
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

    @Test
    void aTimerThatFiresEarlyStillBringsTheNextFollowUp() {
        var first = fixtures.install(FakeSlack.TEAM_ID, DeliveryFixtures.channel("CPLAN"), FakeSlack.BOT_TOKEN);
        var second = fixtures.install(FakeSlack.TEAM_ID, DeliveryFixtures.channel("CPLAN"), FakeSlack.BOT_TOKEN);
        long firstHead = fixtures.enqueue(first, "envelope.sent", "First channel", false);
        long secondHead = fixtures.enqueue(second, "envelope.sent", "Second channel", false);
        DeliveryQueue noWalk = new DeliveryQueue(pool, pacer, health, held, metrics) {
            @Override
            Uni<Claim> claim(String owner, int limit, Duration lease, Duration claimAhead) {
                return Uni.createFrom().item(new Claim(List.of(), Map.of())); // only the follow-ups find these heads
            }
        };
        List<Long> claimed = new CopyOnWriteArrayList<>();
        AtomicReference<ClaimPlanner> planner = new AtomicReference<>();
        // as in the dispatcher, a signal makes a claim; no sweep here, only the planner's own timer
        Runnable signal = () -> planner.get().claim().subscribe()
                .with(taken -> taken.forEach(d -> claimed.add(d.id())));
        // millisecond scheduling fires a timer up to a millisecond before the nanosecond it was armed for; a few
        // milliseconds early here, so that a claim of the database is faster than the difference every time
        planner.set(new ClaimPlanner("planner-test", noWalk, config, new AtomicInteger(), signal, () -> false,
                delay -> ClaimSlots.after(delay.minusMillis(15))));
        // both channels just sent to: followed up claim-ahead before their next slots, 60 ms apart
        planner.get().ended(new ChannelKey(first.teamId(), first.channelId()), true);
        sleep(60);
        planner.get().ended(new ChannelKey(second.teamId(), second.channelId()), true);

        signal.run();

        // the first follow-up's claim ended before the instant its timer was armed for; the second channel must not
        // wait for a sweep that this planner does not have
        await().atMost(config.paceInterval().plusSeconds(3))
                .untilAsserted(() -> assertThat(claimed).containsExactlyInAnyOrder(firstHead, secondHead));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
