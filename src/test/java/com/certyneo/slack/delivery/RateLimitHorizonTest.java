package com.certyneo.slack.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.FakeSlack;
import com.certyneo.slack.testsupport.FakeSlack.Call;
import com.certyneo.slack.testsupport.FakeSlack.Reply;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** SPEC section 7: a 429 pauses the channel for Retry-After capped at 1 h, spends no attempt, and ends at the horizon. */
@QuarkusTest
class RateLimitHorizonTest {

    private static final Logger LOG = Logger.getLogger(RateLimitHorizonTest.class);

    @Inject
    DeliveryFixtures fixtures;
    @Inject
    DeliveryConfig config;

    FakeSlack slack;
    String channel;
    DeliveryFixtures.Installed inst;

    @BeforeEach
    void reset() {
        slack = FakeSlack.get();
        slack.reset();
        inst = fixtures.installOnFreshChannel(slack, "CLIMIT", "limited");
        channel = inst.channelId();
    }

    @Test
    void aRetryAfterOfTwoHoursPausesTheChannelForOneHourWithoutSpendingAnAttempt() {
        slack.enqueue(FakeSlack.POST_MESSAGE, channel, Reply.rateLimited(7200));
        long id = fixtures.enqueue(inst, "envelope.sent", "Capped", true);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> !fixtures.attempts(id).isEmpty());

            Row pace = fixtures.one("""
                    select extract(epoch from (paused_until - clock_timestamp())) as paused_s
                      from channel_pace where team_id = $1 and channel_id = $2""",
                    Tuple.of(FakeSlack.TEAM_ID, channel));
            Row row = fixtures.one("""
                    select status, attempts, extract(epoch from (next_attempt_at - clock_timestamp())) as retry_s
                      from delivery where id = $1""", Tuple.of(id));
            LOG.infof("Retry-After 7200: channel paused for %.0f s, retry in %.0f s", pace.getDouble("paused_s"),
                    row.getDouble("retry_s"));
            assertThat(pace.getDouble("paused_s")).isBetween(3600.0 - 30, 3600.0);
            assertThat(row.getDouble("retry_s")).isBetween(3600.0 - 30, 3600.0);
            assertThat(row.getString("status")).isEqualTo("queued");
            assertThat(row.getInteger("attempts")).isZero();
            assertThat(fixtures.attempts(id)).extracting(a -> a.getInteger("http_status")).containsExactly(429);
        } finally {
            // nothing more to see in the hour to come
            fixtures.update("update delivery set status = 'cancelled', ended_at = now() where id = $1", Tuple.of(id));
        }
    }

    @Test
    void aDeliveryPastItsHorizonEndsFailedEvenWhileSlackKeepsAnswering429() {
        slack.always(FakeSlack.POST_MESSAGE, channel, Reply.rateLimited(1));
        long id = fixtures.enqueue(inst, "envelope.sent", "Horizon", false);
        // accepted almost a whole retry horizon ago: 3 s of it are left
        fixtures.update("update delivery set received_at = clock_timestamp() - make_interval(secs => $2) where id = $1",
                Tuple.of(id, config.retryHorizon().minusSeconds(3).toSeconds()));

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> !"queued".equals(fixtures.delivery(id).getString("status")));

        Row row = fixtures.delivery(id);
        List<Row> attempts = fixtures.attempts(id);
        LOG.infof("429s before giving up: %d", attempts.size());
        assertThat(row.getString("status")).isEqualTo("failed");
        assertThat(row.getString("last_error")).contains("rate_limited").contains("gave up after");
        assertThat(row.getInteger("attempts")).isZero();
        assertThat(attempts).hasSizeGreaterThanOrEqualTo(2)
                .allMatch(a -> "rate_limited".equals(a.getString("outcome")));
        assertThat(slack.posts(channel)).noneMatch(Call::ok);
        // Slack's pause still holds for whatever comes next on the channel
        assertThat(fixtures.one("""
                select paused_until > clock_timestamp() - interval '2 seconds' as recent
                  from channel_pace where team_id = $1 and channel_id = $2""",
                Tuple.of(FakeSlack.TEAM_ID, channel)).getBoolean("recent")).isTrue();
    }
}
