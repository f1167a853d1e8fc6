package com.certyneo.slack.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.FakeSlack;
import com.certyneo.slack.testsupport.FakeSlack.Call;
import com.certyneo.slack.testsupport.FakeSlack.Channel;
import com.certyneo.slack.testsupport.Management;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The slot bookings of claimed deliveries (ChannelPacer.reserveForClaim) and their sent records
 * (DeliveryQueue.markSent) are written with group commit: when many channels' heads are claimed and answered together,
 * they share statements, and still each message leaves once, in its channel's order, at least an interval after the
 * one before, and is recorded and audited once.
 */
@QuarkusTest
class DeliveryGroupCommitTest {

    private static final int CHANNELS = 40;

    @Inject
    DeliveryFixtures fixtures;

    FakeSlack slack;

    @BeforeEach
    void reset() {
        slack = FakeSlack.get();
        slack.reset();
    }

    @Test
    void manyChannelsClaimedAndAnsweredTogetherShareStatementsAndEachKeepsItsPace() {
        // before anything is queued: the sweep may claim the first messages while the rest are
        double[] slotsBefore = batches("slot");
        double[] sentBefore = batches("sent");
        List<String> channels = new ArrayList<>();
        List<Channel> listed = new ArrayList<>();
        for (int i = 0; i < CHANNELS; i++) {
            String channel = DeliveryFixtures.channel("CGROUP");
            channels.add(channel);
            listed.add(Channel.publicChannel(channel, "group-" + i, true));
        }
        slack.setChannels(listed);
        slack.strictPacing(true); // a second message within the interval is answered 429 and counted
        List<Long> ids = new ArrayList<>();
        List<DeliveryFixtures.Installed> installs = channels.stream()
                .map(c -> fixtures.install(FakeSlack.TEAM_ID, c, FakeSlack.BOT_TOKEN)).toList();
        for (String round : List.of("first", "second")) {
            for (DeliveryFixtures.Installed inst : installs) {
                ids.add(fixtures.enqueue(inst, "envelope.sent", round, false));
            }
        }
        fixtures.update("select pg_notify('delivery_queued', '0')", Tuple.tuple());

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> channels.stream().allMatch(c -> slack.posts(c).size() >= 2));

        for (String channel : channels) {
            List<Call> posts = slack.posts(channel);
            assertThat(posts).as(channel).hasSize(2).allMatch(Call::ok);
            assertThat(posts.get(0).text()).as(channel).contains("first");
            assertThat(posts.get(1).text()).as(channel).contains("second");
        }
        assertThat(slack.pacingViolations()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> fixtures.one(
                "select count(*) as n from delivery where id = any($1) and status = 'sent' and attempts = 1",
                Tuple.of((Object) ids.toArray(new Long[0]))).getLong("n") == ids.size());
        assertThat(fixtures.one("""
                select count(*) as n, count(distinct delivery_id) as deliveries from delivery_attempt
                 where delivery_id = any($1) and outcome = 'ok'""", Tuple.of((Object) ids.toArray(new Long[0]))))
                .satisfies(row -> {
                    assertThat(row.getLong("n")).as("audit rows").isEqualTo(ids.size());
                    assertThat(row.getLong("deliveries")).isEqualTo(ids.size());
                });
        for (String write : List.of("slot", "sent")) {
            double[] before = write.equals("slot") ? slotsBefore : sentBefore;
            double[] after = batches(write);
            double statements = after[0] - before[0];
            double written = after[1] - before[1];
            assertThat(written).as(write + ": deliveries written").isGreaterThanOrEqualTo(ids.size());
            assertThat(statements).as(write + ": statements, fewer than deliveries, so some were shared")
                    .isLessThan(written);
        }
    }

    /** count and sum of certyneo_delivery_batch_size_deliveries{write="..."}. */
    private static double[] batches(String write) {
        String metrics = Management.metrics();
        String label = "write=\"" + write + "\"";
        return new double[]{Management.sample(metrics, "certyneo_delivery_batch_size_deliveries_count", label),
                Management.sample(metrics, "certyneo_delivery_batch_size_deliveries_sum", label)};
    }
}
