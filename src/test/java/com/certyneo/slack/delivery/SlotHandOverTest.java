package com.certyneo.slack.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.AdminTokens;
import com.certyneo.slack.testsupport.FakeSlack;
import com.certyneo.slack.testsupport.FakeSlack.Call;
import com.certyneo.slack.testsupport.FakeSlack.Channel;
import com.certyneo.slack.testsupport.ProductionClockProfile;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * SPEC section 7, latency: a channel whose slot was taken by something the dispatcher did not book (a test
 * message, another replica's post, another replica's 429 pause) sends its next queued message as soon as that slot
 * ends, within one interval plus 0.5 s, with a sweep too slow to be what sends it (30 s here, 5 s in production).
 */
@QuarkusTest
@TestProfile(ProductionClockProfile.class)
class SlotHandOverTest {

    private static final Logger LOG = Logger.getLogger(SlotHandOverTest.class);
    private static final String BASE = "/api/v1/accounts/{acc}/slack";
    private static final Duration MARGIN = Duration.ofMillis(500);

    @Inject
    DeliveryFixtures fixtures;
    @Inject
    ChannelPacer pacer;
    @Inject
    DeliveryConfig config;

    FakeSlack slack;

    @BeforeEach
    void reset() {
        slack = FakeSlack.get();
        slack.reset();
        assertThat(config.sweepInterval()).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aMessageQueuedRightAfterATestMessageLeavesWhenTheTestMessagesSlotEnds() {
        String channel = channel("CTESTNEXT");
        var inst = fixtures.install(FakeSlack.TEAM_ID, channel, FakeSlack.BOT_TOKEN);
        warmUp(inst);

        sendTest(inst);
        Instant queuedAt = Instant.now();
        fixtures.enqueue(inst, "envelope.sent", "AfterTheTest", true);

        List<Call> posts = awaitPosts(channel, 2);
        Duration afterTest = Duration.between(posts.get(0).at(), posts.get(1).at());
        LOG.infof("test message at Slack -> queued: %d ms; test message -> next message at Slack: %d ms",
                Duration.between(posts.get(0).at(), queuedAt).toMillis(), afterTest.toMillis());
        // the case under test: the message was queued while the test message's slot was still running
        assertThat(queuedAt).isBefore(posts.get(0).at().plus(config.paceInterval()));
        assertThat(posts).allMatch(Call::ok);
        assertThat(posts.get(1).text()).contains("AfterTheTest");
        // paced after the test message, and not a moment longer than its slot (from Slack's answer) plus the margin
        assertThat(afterTest).isGreaterThanOrEqualTo(config.paceInterval())
                .isLessThanOrEqualTo(config.paceInterval().plus(MARGIN));
    }

    /** The first admin request of an application is slow (JIT, first connections): not what is measured here. */
    private void warmUp(DeliveryFixtures.Installed inst) {
        String other = DeliveryFixtures.channel("CWARMUP");
        slack.setChannels(List.of(Channel.publicChannel(inst.channelId(), "chan", true),
                Channel.publicChannel(other, "warm", true)));
        sendTest(fixtures.install(FakeSlack.TEAM_ID, other, FakeSlack.BOT_TOKEN));
        fixtures.update("delete from channel_pace where channel_id = $1", io.vertx.mutiny.sqlclient.Tuple.of(other));
    }

    private static void sendTest(DeliveryFixtures.Installed inst) {
        given().auth().oauth2(AdminTokens.admin(inst.accountId())).post(BASE + "/test", inst.accountId()).then()
                .statusCode(200).body("ok", equalTo(true));
    }

    @Test
    void aMessageWaitingForSlotsAnotherReplicaBookedLeavesWhenTheyEnd() {
        String channel = channel("CREPLNEXT");
        var inst = fixtures.install(FakeSlack.TEAM_ID, channel, FakeSlack.BOT_TOKEN);
        // another replica books the channel's next two slots (its posts, or test messages sent through it)
        Instant booked = Instant.now();
        pacer.reserve(FakeSlack.TEAM_ID, channel).await().atMost(Duration.ofSeconds(5));
        pacer.reserve(FakeSlack.TEAM_ID, channel).await().atMost(Duration.ofSeconds(5));
        Instant slotsEnd = booked.plus(config.paceInterval().multipliedBy(2));
        fixtures.enqueue(inst, "envelope.sent", "AfterTheReplica", true);

        Call post = awaitPosts(channel, 1).get(0);
        Duration late = Duration.between(slotsEnd, post.at());
        LOG.infof("booked slots end -> message at Slack: %d ms", late.toMillis());
        assertThat(post.ok()).isTrue();
        assertThat(late).isGreaterThanOrEqualTo(Duration.ofMillis(-50)).isLessThanOrEqualTo(MARGIN);
    }

    @Test
    void aMessageWaitingForAnotherReplicas429PauseLeavesWhenThePauseEnds() {
        String channel = channel("CPAUSENEXT");
        var inst = fixtures.install(FakeSlack.TEAM_ID, channel, FakeSlack.BOT_TOKEN);
        // another replica got a 429 with Retry-After: 3 for this channel
        Instant pausedAt = Instant.now();
        pacer.pause(FakeSlack.TEAM_ID, channel, Duration.ofSeconds(3)).await().atMost(Duration.ofSeconds(5));
        fixtures.enqueue(inst, "envelope.sent", "AfterThePause", true);

        Call post = awaitPosts(channel, 1).get(0);
        Duration afterPause = Duration.between(pausedAt.plusSeconds(3), post.at());
        LOG.infof("pause end -> message at Slack: %d ms", afterPause.toMillis());
        assertThat(post.ok()).isTrue();
        assertThat(afterPause).isGreaterThanOrEqualTo(Duration.ZERO).isLessThanOrEqualTo(MARGIN);
    }

    private String channel(String prefix) {
        String channel = DeliveryFixtures.channel(prefix);
        slack.setChannels(List.of(Channel.publicChannel(channel, "chan", true)));
        return channel;
    }

    private List<Call> awaitPosts(String channel, int n) {
        // far below the sweep interval: only a timer can be on time
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> slack.posts(channel).size() >= n);
        return slack.posts(channel);
    }
}
