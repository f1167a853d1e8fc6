package com.certyneo.slack.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.Management;

import io.quarkus.test.junit.QuarkusTest;

/**
 * SPEC section 10: /q/metrics is Prometheus text format with stable, bounded families, served on
 * the management port only.
 */
@QuarkusTest
class MetricsTest {

    @Test
    void metricsParseLineByLineAsPrometheusTextFormat() {
        String body = given().get(Management.url("/q/metrics")).then().statusCode(200).extract().asString();
        PrometheusText metrics = PrometheusText.parse(body);
        assertThat(metrics.families()).isNotEmpty();
        assertThat(metrics.samples()).isNotEmpty();
    }

    /** The section-10 families on main when this test was written, under their Prometheus names. */
    @Test
    void sectionTenFamiliesArePublishedWithStableNamesAndTypes() {
        // webhook counters appear with the first webhook: an unsigned one is enough
        given().contentType("application/json").body("{}").post("/webhooks/certyneo").then().statusCode(401);
        PrometheusText metrics = PrometheusText
                .parse(given().get(Management.url("/q/metrics")).then().extract().asString());
        java.util.Map<String, String> types = new java.util.TreeMap<>();
        metrics.families().forEach((name, family) -> types.put(name, family.type()));
        // Prometheus names a counter family without _total; its samples carry the suffix
        assertThat(types).containsEntry("certyneo_webhooks", "counter")
                .containsEntry("certyneo_deliveries", "counter")
                .containsEntry("certyneo_slack_rate_limited", "counter")
                .containsEntry("certyneo_delivery_queue_depth", "gauge")
                .containsEntry("certyneo_delivery_queue_oldest_age_seconds", "gauge")
                .containsEntry("certyneo_delivery_latency_seconds", "histogram");
        assertThat(metrics.families().get("certyneo_deliveries").samples())
                .allMatch(sample -> sample.name().equals("certyneo_deliveries_total"))
                .allMatch(sample -> sample.labels().keySet().equals(java.util.Set.of("outcome")));
        assertThat(metrics.families().get("certyneo_webhooks").samples())
                .allMatch(sample -> sample.labels().keySet().equals(java.util.Set.of("type", "outcome")))
                .anyMatch(sample -> sample.labels()
                        .equals(java.util.Map.of("type", "unknown", "outcome", "unauthorized")));
        assertThat(metrics.families().get("certyneo_delivery_latency_seconds").samples())
                .anyMatch(sample -> "+Inf".equals(sample.labels().get("le")));
    }

    /** The public port (the one behind the ingress) serves none of the management endpoints. */
    @Test
    void thePublicPortAnswers404ForEveryManagementEndpoint() {
        for (String path : List.of("/q/metrics", "/q/health", "/q/health/ready", "/q/openapi",
                "/q/openapi?format=json")) {
            given().get(path).then().statusCode(404);
        }
        given().get(Management.url("/q/health/ready")).then().statusCode(200);
        given().get(Management.url("/q/openapi?format=json")).then().statusCode(200);
    }

    @Test
    void idsFromRequestsNeverBecomeLabelValues() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = "acct-" + UUID.randomUUID();
            ids.add(id);
            given().get("/api/v1/accounts/" + id + "/slack");
            given().get("/api/v1/accounts/" + id + "/slack/deliveries?cursor=" + id);
            given().delete("/api/v1/accounts/" + id + "/slack");
            given().get("/slack/install?ticket=" + id);
            given().get("/no-such-page/" + id);
            given().contentType("application/json").header("Certyneo-Signature", "t=1,v1=" + id)
                    .body("{\"id\":\"" + id + "\",\"type\":\"envelope.completed\"}").post("/webhooks/certyneo");
        }
        PrometheusText metrics = PrometheusText
                .parse(given().get(Management.url("/q/metrics")).then().extract().asString());
        for (PrometheusText.Sample sample : metrics.samples()) {
            for (String value : sample.labels().values()) {
                assertThat(value).as(sample.name()).doesNotContain("acct-").doesNotContainPattern(
                        "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").doesNotStartWith("xox");
            }
        }
    }
}
