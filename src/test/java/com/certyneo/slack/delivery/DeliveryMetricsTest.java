package com.certyneo.slack.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.FakeSlack;
import com.certyneo.slack.testsupport.FakeSlack.Channel;
import com.certyneo.slack.testsupport.FakeSlack.Reply;
import com.certyneo.slack.testsupport.Management;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class DeliveryMetricsTest {

    @Inject
    DeliveryFixtures fixtures;

    @Inject
    DeliveryMetrics metrics;

    @Test
    void prometheusShowsDeliveriesSlackErrorsRateLimitsQueueAndLatencyWithoutAccountIds() {
        FakeSlack slack = FakeSlack.get();
        slack.reset();
        String channel = DeliveryFixtures.channel("CMETRIC");
        slack.setChannels(List.of(Channel.publicChannel(channel, "metrics", true)));
        var inst = fixtures.install(FakeSlack.TEAM_ID, channel, FakeSlack.BOT_TOKEN);
        slack.enqueue(FakeSlack.POST_MESSAGE, channel, Reply.rateLimited(1), Reply.httpStatus(503));
        long id = fixtures.enqueue(inst, "envelope.sent", "Measured", true);
        await().atMost(Duration.ofSeconds(20)).until(() -> "sent".equals(fixtures.delivery(id).getString("status")));

        String body = given().get(Management.url("/q/metrics")).then().statusCode(200).extract().asString();

        assertThat(body).contains("certyneo_deliveries_total{outcome=\"sent\"}")
                .contains("certyneo_deliveries_total{outcome=\"rate_limited\"}")
                .contains("certyneo_slack_rate_limited_total")
                .contains("certyneo_slack_errors_total{code=\"http_5xx\"}")
                .contains("certyneo_delivery_queue_depth")
                .contains("certyneo_delivery_queue_oldest_age_seconds")
                .contains("certyneo_delivery_latency_seconds_bucket")
                .contains("certyneo_delivery_latency_seconds{quantile=\"0.99\"}");
        assertThat(body).doesNotContain(inst.accountId()).doesNotContain(channel);
    }

    @Test
    void aSlackErrorCodeNobodyKnowsNeverBecomesAMetricLabel() {
        FakeSlack slack = FakeSlack.get();
        slack.reset();
        String channel = DeliveryFixtures.channel("CNEWCODE");
        slack.setChannels(List.of(Channel.publicChannel(channel, "codes", true)));
        var inst = fixtures.install(FakeSlack.TEAM_ID, channel, FakeSlack.BOT_TOKEN);
        // Slack invents codes; each distinct string as a label would be a new time series
        String invented = "zz_invented_code_" + System.nanoTime();
        slack.enqueue(FakeSlack.POST_MESSAGE, channel, Reply.error(invented));
        long id = fixtures.enqueue(inst, "envelope.sent", "Odd", true);
        await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(fixtures.delivery(id).getString("status")));

        String body = given().get(Management.url("/q/metrics")).then().statusCode(200).extract().asString();

        assertThat(body).doesNotContain(invented).doesNotContain("zz_invented_code_");
        assertThat(body).contains("certyneo_slack_errors_total{code=\"other\"}");
        assertThat(body.lines().filter(l -> l.startsWith("slack_api_calls_total") && l.contains("chat.postMessage")
                && l.contains("outcome=\"error\"")))
                .anyMatch(l -> l.contains("code=\"other\""));
        assertThat(fixtures.delivery(id).getString("last_error")).isEqualTo(invented); // the audit keeps the truth
    }

    @Test
    void slackErrorCodesAreFoldedIntoABoundedSet() {
        assertThat(metrics.boundedCode("channel_not_found")).isEqualTo("channel_not_found");
        assertThat(metrics.boundedCode("token_revoked")).isEqualTo("token_revoked");
        assertThat(metrics.boundedCode("http_502")).isEqualTo("http_5xx");
        assertThat(metrics.boundedCode("timeout")).isEqualTo("timeout");
        assertThat(metrics.boundedCode("some_new_code_" + System.nanoTime())).isEqualTo("other");
        assertThat(metrics.boundedCode(null)).isEqualTo("other");
    }
}
