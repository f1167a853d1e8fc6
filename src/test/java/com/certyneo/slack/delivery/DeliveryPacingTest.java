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

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Tuple;

/** SPEC section 7, pacing and order, against a fake Slack that answers 429 to two messages within 1 s. */
@QuarkusTest
class DeliveryPacingTest {

    @Inject
    DeliveryFixtures fixtures;

    @Inject
    DeliveryConfig config;

    FakeSlack slack;

    @BeforeEach
    void reset() {
        slack = FakeSlack.get();
        slack.reset();
    }

    @Test
    void burstOf40PlusTenIsDeliveredCompletelyInOrderWithoutA429AndTheSecondChannelDoesNotWait() {
        // the real one-per-second rule, with the real default margin
        assertThat(config.paceInterval()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        String busy = DeliveryFixtures.channel("CBUSY");
        String quiet = DeliveryFixtures.channel("CQUIET");
        slack.setChannels(
                List.of(Channel.publicChannel(busy, "busy", true), Channel.publicChannel(quiet, "quiet", true)));
        slack.strictPacing(true);
        var busyInst = fixtures.install(FakeSlack.TEAM_ID, busy, FakeSlack.BOT_TOKEN);
        var quietInst = fixtures.install(FakeSlack.TEAM_ID, quiet, FakeSlack.BOT_TOKEN);

        List<Long> ids = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            ids.add(fixtures.enqueue(busyInst, "envelope.sent", String.format("busy-%02d", i), true));
        }
        for (int i = 1; i <= 10; i++) {
            ids.add(fixtures.enqueue(quietInst, "envelope.sent", String.format("quiet-%02d", i), true));
        }

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> slack.posts(busy).size() >= 40 && slack.posts(quiet).size() >= 10);

        List<Call> busyPosts = slack.posts(busy);
        List<Call> quietPosts = slack.posts(quiet);
        assertThat(busyPosts).hasSize(40).allMatch(Call::ok);
        assertThat(quietPosts).hasSize(10).allMatch(Call::ok);
        assertThat(slack.pacingViolations()).isZero();
        assertThat(titles(busyPosts)).isEqualTo(expected("busy", 40));
        assertThat(titles(quietPosts)).isEqualTo(expected("quiet", 10));
        // channels are independent: the quiet channel is done while the busy one has most of its burst to go
        assertThat(quietPosts.get(9).at()).isBefore(busyPosts.get(20).at());
        assertThat(quietPosts.get(0).at()).isBefore(busyPosts.get(2).at());
        for (long id : ids) {
            var row = fixtures.delivery(id);
            assertThat(row.getString("status")).isEqualTo("sent");
            assertThat(row.getInteger("attempts")).isEqualTo(1);
        }
        assertThat(fixtures.one("select count(*) as n from delivery_attempt where delivery_id = any($1)",
                Tuple.of((Object) ids.toArray(new Long[0]))).getLong("n")).isEqualTo(50);
    }

    private static List<String> titles(List<Call> posts) {
        return posts.stream().map(c -> c.text().replaceAll(".*Document (\\S+) sent.*", "$1")).toList();
    }

    private static List<String> expected(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(String.format("%s-%02d", prefix, i));
        }
        return out;
    }
}
