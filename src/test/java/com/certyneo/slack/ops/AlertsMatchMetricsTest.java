package com.certyneo.slack.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.certyneo.slack.delivery.DeliveryMetrics;
import com.certyneo.slack.testsupport.Management;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The alerting rules and the dashboard can only watch what the service exports: every series name,
 * label and label value their PromQL selects must appear in this build's /q/metrics, so that a
 * renamed metric or label breaks the build instead of silencing an alert.
 */
@QuarkusTest
class AlertsMatchMetricsTest {

    /** Series Prometheus itself creates for every scrape target. */
    private static final Set<String> PROMETHEUS_SERIES = Set.of("up");
    /** Labels Prometheus adds from the target (ServiceMonitor), not the service. */
    private static final Set<String> TARGET_LABELS = Set.of("namespace", "job");
    /**
     * Values whose series appear only during an incident this JVM cannot stage: a webhook answered
     * 503 needs the database gone (ProductionProcessIT stops it, but in another process).
     */
    private static final Set<String> INCIDENT_ONLY = Set.of("certyneo_webhooks_total{outcome=unavailable}");

    @Inject
    DeliveryMetrics deliveryMetrics;

    @Test
    void everyNameLabelAndValueTheRulesAndDashboardSelectIsExported() {
        List<MonitoringAssets.Query> queries = MonitoringAssets.queries();
        assertThat(queries).hasSizeGreaterThan(10);
        // the series a first webhook and first Slack errors create (counters appear with their first use)
        given().contentType("application/json").body("{}").post("/webhooks/certyneo").then().statusCode(401);
        for (MonitoringAssets.Query query : queries) {
            for (MonitoringAssets.Selector selector : query.selectors()) {
                selector.matchers().stream().filter(m -> m.label().equals("code") && m.op().equals("=~"))
                        .flatMap(m -> MonitoringAssets.alternatives(m.value()).stream())
                        .forEach(deliveryMetrics::slackError);
            }
        }
        PrometheusText metrics = PrometheusText.parse(
                given().get(Management.url("/q/metrics")).then().statusCode(200).extract().asString());

        for (MonitoringAssets.Query query : queries) {
            assertThat(query.selectors()).as(query.expr()).isNotEmpty();
            Set<String> labelsOfQuery = new HashSet<>(TARGET_LABELS);
            for (MonitoringAssets.Selector selector : query.selectors()) {
                if (PROMETHEUS_SERIES.contains(selector.metric())) {
                    continue;
                }
                List<PrometheusText.Sample> samples = metrics.samples().stream()
                        .filter(s -> s.name().equals(selector.metric())).toList();
                assertThat(samples).as("series %s (in %s) on /q/metrics", selector.metric(), query.expr())
                        .isNotEmpty();
                samples.forEach(s -> labelsOfQuery.addAll(s.labels().keySet()));
                for (MonitoringAssets.LabelMatcher matcher : selector.matchers()) {
                    if (TARGET_LABELS.contains(matcher.label())) {
                        continue;
                    }
                    assertThat(samples).as("label %s of %s", matcher.label(), selector.metric())
                            .anyMatch(s -> s.labels().containsKey(matcher.label()));
                    for (String value : values(matcher)) {
                        if (INCIDENT_ONLY.contains(selector.metric() + "{" + matcher.label() + "=" + value + "}")) {
                            continue;
                        }
                        assertThat(samples).as("%s{%s=\"%s\"} on /q/metrics", selector.metric(), matcher.label(), value)
                                .anyMatch(s -> value.equals(s.labels().get(matcher.label())));
                    }
                }
            }
            assertThat(labelsOfQuery).as("grouping labels of %s", query.expr()).containsAll(query.groupingLabels());
        }
    }

    private static List<String> values(MonitoringAssets.LabelMatcher matcher) {
        return switch (matcher.op()) {
            case "=" -> List.of(matcher.value());
            case "=~" -> MonitoringAssets.alternatives(matcher.value());
            default -> throw new AssertionError("negative matchers hide renamed values: " + matcher);
        };
    }
}
