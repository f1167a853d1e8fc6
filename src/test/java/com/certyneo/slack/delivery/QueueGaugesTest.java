package com.certyneo.slack.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.FakeSlack;
import com.certyneo.slack.testsupport.Management;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The queue gauges an operator alerts on (SPEC section 10: queue depth, age of the oldest queued message), against a
 * full count of the table: exact below their bound, bounded above it, and the oldest found whichever channel holds it.
 * The rows are queued with a retry time an hour away and no attempt yet, so that nothing claims or probes them.
 */
@QuarkusTest
class QueueGaugesTest {

    private static final long DAY_S = 86_400;

    @Inject
    DeliveryFixtures fixtures;

    @Inject
    DeliveryQueue queue;

    private DeliveryFixtures.Installed inst;

    @Test
    void depthIsExactBelowItsBoundAndTheOldestIsFoundInWhicheverChannelHoldsIt() {
        inst = fixtures.install("TGAUGE", DeliveryFixtures.channel("CGAUGEA"), FakeSlack.BOT_TOKEN);
        String other = DeliveryFixtures.channel("CGAUGEB");
        queueNotDue(inst.channelId(), 30, Duration.ZERO);
        // queued after the first channel's rows (higher ids) but received a day earlier: not the lowest id
        queueNotDue(other, 1, Duration.ofSeconds(DAY_S));
        queueNotDue(other, 5, Duration.ZERO);

        double[] stats = queue.stats().await().atMost(DeliveryFixtures.DB);
        Row truth = fullCount();

        assertThat((long) stats[0]).isEqualTo(truth.getLong("depth"));
        assertThat(stats[1]).isCloseTo(truth.getDouble("oldest_s"), within(2.0)).isGreaterThanOrEqualTo(DAY_S);
    }

    @Test
    void aBacklogAboveTheBoundShowsTheBoundAndTheOldestOnTheMetricsPage() {
        inst = fixtures.install("TGAUGE", DeliveryFixtures.channel("CGAUGEC"), FakeSlack.BOT_TOKEN);
        queueNotDue(inst.channelId(), 1, Duration.ofSeconds(2 * DAY_S));
        queueNotDue(inst.channelId(), DeliveryQueue.DEPTH_COUNTED_UP_TO + 50, Duration.ZERO);
        assertThat(fullCount().getLong("depth")).isGreaterThan(DeliveryQueue.DEPTH_COUNTED_UP_TO);

        // refreshed by the sweep (every second in tests)
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            String page = given().get(Management.url("/q/metrics")).then().statusCode(200).extract().asString();
            assertThat(gauge(page, "certyneo_delivery_queue_depth")).isEqualTo(DeliveryQueue.DEPTH_COUNTED_UP_TO);
            assertThat(gauge(page, "certyneo_delivery_queue_oldest_age_seconds")).isGreaterThanOrEqualTo(2 * DAY_S);
        });
    }

    @AfterEach
    void cancelTheRows() {
        if (inst != null) {
            fixtures.update("update delivery set status = 'cancelled', ended_at = now() where installation_id = $1 "
                    + "and status = 'queued'", Tuple.of(inst.id()));
        }
    }

    /** {@code count} queued deliveries to {@code channel}, received {@code ago}, due in an hour, never tried. */
    private void queueNotDue(String channel, int count, Duration ago) {
        fixtures.update("""
                insert into delivery (event_id, installation_id, account_id, team_id, channel_id, event_type,
                                      next_attempt_at, received_at)
                select 'evt_gauge_' || gen_random_uuid(), $1, $2, $3, $4, 'envelope.sent',
                       now() + interval '1 hour', now() - make_interval(secs => $5)
                  from generate_series(1, $6)""",
                Tuple.of(inst.id(), inst.accountId(), inst.teamId(), channel, (double) ago.toSeconds(), count));
    }

    private Row fullCount() {
        return fixtures.one("""
                select count(*) as depth, extract(epoch from (clock_timestamp() - min(received_at))) as oldest_s
                  from delivery where status = 'queued'""", Tuple.tuple());
    }

    private static double gauge(String page, String name) {
        return page.lines().filter(line -> line.startsWith(name + " ")).mapToDouble(
                line -> Double.parseDouble(line.substring(name.length() + 1).trim())).findFirst().orElse(-1);
    }
}
