package com.certyneo.slack.installation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.certyneo.slack.delivery.ChannelPacer;
import com.certyneo.slack.delivery.DeliveryFixtures;
import com.certyneo.slack.testsupport.AdminTokens;
import com.certyneo.slack.testsupport.FakeSlack;
import com.certyneo.slack.testsupport.FakeSlack.Call;
import com.certyneo.slack.testsupport.FakeSlack.Channel;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The admin test message takes a pacing slot like any message, but never waits out a 429 pause nor books slots far
 * ahead: when the channel's next free slot is more than 3 s away it answers 429 problem+json with Retry-After.
 */
@QuarkusTest
class TestMessageBookingTest {

    private static final Logger LOG = Logger.getLogger(TestMessageBookingTest.class);
    private static final String BASE = "/api/v1/accounts/{acc}/slack";
    private static final Duration MAX_WAIT = Duration.ofSeconds(3);

    @Inject
    DeliveryFixtures fixtures;
    @Inject
    ChannelPacer pacer;

    FakeSlack slack;
    String channel;
    DeliveryFixtures.Installed inst;

    @BeforeEach
    void reset() {
        slack = FakeSlack.get();
        slack.reset();
        inst = fixtures.installOnFreshChannel(slack, "CTESTBOOK", "chan");
        channel = inst.channelId();
    }

    @Test
    void aTestMessageToAChannelPausedByA429IsAnswered429AtOnceWithRetryAfterAndBooksNothing() {
        pacer.pause(FakeSlack.TEAM_ID, channel, Duration.ofSeconds(60)).await().atMost(Duration.ofSeconds(5));
        double before = nextSendIn();

        long started = System.nanoTime();
        Response answer = test();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        LOG.infof("test message to a channel paused for 60 s: %d in %d ms, Retry-After %s", answer.statusCode(),
                took.toMillis(), answer.header("Retry-After"));
        assertThat(took).isLessThan(Duration.ofSeconds(2));
        assertThat(answer.statusCode()).isEqualTo(429);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.jsonPath().getInt("status")).isEqualTo(429);
        assertThat(Integer.parseInt(answer.header("Retry-After"))).isBetween(57, 60);
        assertThat(slack.posts(channel)).isEmpty();
        assertThat(nextSendIn()).isEqualTo(before); // no slot booked
    }

    @Test
    void concurrentTestMessagesBookAtMostThreeSecondsAheadAndTheRestAreToldWhenToRetry() throws Exception {
        // the first admin requests of an application are slow (JIT, first connections): not what is measured here
        String other = DeliveryFixtures.channel("CWARMUP");
        slack.setChannels(
                List.of(Channel.publicChannel(channel, "chan", true), Channel.publicChannel(other, "w", true)));
        var warm = fixtures.install(FakeSlack.TEAM_ID, other, FakeSlack.BOT_TOKEN);
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(AdminTokens.admin(warm.accountId())).get(BASE, warm.accountId());
        }
        given().auth().oauth2(AdminTokens.admin(warm.accountId())).post(BASE + "/test", warm.accountId());
        int clicks = 8;
        ExecutorService pool = Executors.newFixedThreadPool(clicks);
        List<CompletableFuture<long[]>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < clicks; i++) {
                answers.add(CompletableFuture.supplyAsync(() -> {
                    long started = System.nanoTime();
                    Response r = test();
                    String retryAfter = r.header("Retry-After");
                    return new long[]{r.statusCode(), (System.nanoTime() - started) / 1_000_000,
                            retryAfter == null ? -1 : Long.parseLong(retryAfter)};
                }, pool));
            }
            CompletableFuture.allOf(answers.toArray(new CompletableFuture[0])).get();
        } finally {
            pool.shutdown();
        }
        List<long[]> results = answers.stream().map(CompletableFuture::join).toList();
        results.forEach(r -> LOG.infof("test message: %d after %d ms, Retry-After %d", r[0], r[1], r[2]));

        List<long[]> posted = results.stream().filter(r -> r[0] == 200).toList();
        List<long[]> refused = results.stream().filter(r -> r[0] == 429).toList();
        assertThat(posted.size() + refused.size()).isEqualTo(clicks);
        // at most the slots within 3 s (now, +1, +2, +3), and each answered within its slot plus a Slack call
        // (8 clicks booked one after the other would answer the last one 7 s later)
        assertThat(posted).hasSizeBetween(1, 4).allMatch(r -> r[1] < MAX_WAIT.plusMillis(2500).toMillis());
        assertThat(refused).hasSizeGreaterThanOrEqualTo(clicks - 4)
                .allMatch(r -> r[1] < 2500 && r[2] >= 1 && r[2] <= MAX_WAIT.toSeconds() + 2);
        List<Call> posts = slack.posts(channel);
        assertThat(posts).hasSize(posted.size()).allMatch(Call::ok);
        for (int i = 1; i < posts.size(); i++) {
            assertThat(Duration.between(posts.get(i - 1).at(), posts.get(i).at()))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
        // nothing booked beyond the last test message's slot: one interval plus the booking's 200 ms jitter margin
        assertThat(nextSendIn()).isLessThanOrEqualTo(1.2);
    }

    private Response test() {
        return given().auth().oauth2(AdminTokens.admin(inst.accountId())).post(BASE + "/test", inst.accountId())
                .then().extract().response();
    }

    /** Seconds until the channel's next slot (database clock); 0 when it is free now. */
    private double nextSendIn() {
        return fixtures.one("""
                select greatest(0, extract(epoch from (next_send_at - clock_timestamp()))) as s
                  from channel_pace where team_id = $1 and channel_id = $2""",
                Tuple.of(FakeSlack.TEAM_ID, channel)).getDouble("s");
    }
}
