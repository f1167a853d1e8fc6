package com.certyneo.slack.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.certyneo.slack.slackapi.SlackErrors;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * deployment/monitoring: the alerting rules pass {@code promtool check rules} and their unit tests
 * ({@code promtool test rules}: each alert fires on an incident's series and stays quiet on normal
 * traffic), the PrometheusRule carries the same groups, and the Grafana dashboard shows the
 * section-10 families. promtool comes from Debian's prometheus package; without it these checks are
 * skipped on a developer machine but FAIL in CI (CI=true), so the rules are never shipped unchecked.
 */
class AlertingAssetsTest {

    @Test
    void promtoolAcceptsTheRuleFileAndThePrometheusRule() throws Exception {
        Path promtool = promtool();
        assertThat(run(promtool, "check", "rules", MonitoringAssets.RULES.toString())).isEqualTo("SUCCESS");
        // the operator object: its spec is a rule file of its own
        Path extracted = Files.createTempFile("prometheusrule", ".yaml");
        Files.writeString(extracted, MonitoringAssets.yaml(MonitoringAssets.PROMETHEUS_RULE).get("spec").toString());
        assertThat(run(promtool, "check", "rules", extracted.toString())).isEqualTo("SUCCESS");
    }

    @Test
    void everyAlertFiresInItsPromtoolUnitTest() throws Exception {
        assertThat(run(promtool(), "test", "rules", MonitoringAssets.RULE_TESTS.toString())).isEqualTo("SUCCESS");
        Set<String> fired = new HashSet<>();
        MonitoringAssets.yaml(MonitoringAssets.RULE_TESTS).get("tests").forEach(test -> test.path("alert_rule_test")
                .forEach(check -> {
                    if (!check.path("exp_alerts").isEmpty()) {
                        fired.add(check.get("alertname").asText());
                    }
                }));
        assertThat(MonitoringAssets.rules()).allSatisfy(rule -> {
            assertThat(fired).as("unit test firing %s", rule.get("alert")).contains(rule.get("alert").asText());
            assertThat(rule.path("labels").path("severity").asText()).isIn("critical", "warning", "info");
            assertThat(rule.path("annotations").path("summary").asText()).isNotBlank();
            assertThat(rule.path("annotations").path("description").asText()).isNotBlank();
        });
    }

    @Test
    void thePrometheusRuleCarriesExactlyTheGroupsOfThePlainRuleFile() {
        JsonNode operatorObject = MonitoringAssets.yaml(MonitoringAssets.PROMETHEUS_RULE);
        assertThat(operatorObject.get("kind").asText()).isEqualTo("PrometheusRule");
        assertThat(operatorObject.get("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(operatorObject.get("spec").get("groups"))
                .isEqualTo(MonitoringAssets.yaml(MonitoringAssets.RULES).get("groups"));
        assertThat(KustomizeRenderer.render(Path.of("deployment", "base")))
                .anyMatch(o -> "PrometheusRule".equals(o.get("kind")));
    }

    /** The needs_attention and revoked alerts follow the service's own classification of Slack errors. */
    @Test
    void slackErrorAlertsCoverExactlyTheCodesThatFlagOrRevokeAnInstallation() {
        assertThat(codesOf("CertyneoSlackChannelsNeedAttention"))
                .containsExactlyInAnyOrderElementsOf(SlackErrors.PERMANENT);
        assertThat(codesOf("CertyneoSlackInstallationsRevoked")).containsExactlyInAnyOrderElementsOf(SlackErrors.AUTH);
    }

    @Test
    void theDashboardParsesAndShowsEverySectionTenFamily() {
        JsonNode dashboard = MonitoringAssets.dashboard();
        assertThat(dashboard.get("uid").asText()).isNotBlank();
        assertThat(dashboard.get("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
        List<String> titles = new ArrayList<>();
        Set<Integer> ids = new HashSet<>();
        Set<String> metrics = new HashSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            titles.add(panel.get("title").asText());
            assertThat(ids.add(panel.get("id").asInt())).as("unique panel id").isTrue();
            assertThat(panel.get("gridPos").get("w").asInt()).isBetween(1, 24);
            assertThat(panel.get("datasource").get("uid").asText()).isEqualTo("${datasource}");
            assertThat(panel.get("targets")).as(panel.get("title").asText()).isNotEmpty();
            panel.get("targets").forEach(target -> MonitoringAssets.parse(target.get("expr").asText()).selectors()
                    .forEach(s -> metrics.add(s.metric())));
        }
        assertThat(titles).containsExactly("Webhooks by outcome", "Webhooks by event type",
                "Deliveries by outcome", "Slack errors by code", "Slack 429 answers per minute", "Queue depth",
                "Oldest queued delivery", "Event to Slack latency", "Webhook ack: intake statement and wait");
        assertThat(metrics).containsExactlyInAnyOrder("certyneo_webhooks_total", "certyneo_deliveries_total",
                "certyneo_slack_errors_total", "certyneo_slack_rate_limited_total", "certyneo_delivery_queue_depth",
                "certyneo_delivery_queue_oldest_age_seconds", "certyneo_delivery_latency_seconds_bucket",
                "certyneo_intake_statement_seconds_bucket", "certyneo_intake_wait_seconds_bucket");
    }

    @Test
    void theSelectorReaderFindsNamesLabelsAndGroupings() {
        var query = MonitoringAssets.parse("histogram_quantile(0.95, sum by (le) (rate(a_bucket{x=\"1\",y=~\"p|q\"}"
                + "[$__rate_interval]))) / clamp_min(sum(b_total), 1e-9) > 0 and on (job) up or absent(c)");
        assertThat(query.selectors()).extracting(MonitoringAssets.Selector::metric)
                .containsExactly("a_bucket", "b_total", "up", "c");
        assertThat(query.selectors().get(0).matchers()).containsExactly(
                new MonitoringAssets.LabelMatcher("x", "=", "1"), new MonitoringAssets.LabelMatcher("y", "=~", "p|q"));
        assertThat(query.groupingLabels()).containsExactly("le", "job");
    }

    private static List<String> codesOf(String alert) {
        JsonNode rule = MonitoringAssets.rules().stream().filter(r -> alert.equals(r.path("alert").asText()))
                .findFirst().orElseThrow();
        var selectors = MonitoringAssets.parse(rule.get("expr").asText()).selectors();
        assertThat(selectors).singleElement().extracting(MonitoringAssets.Selector::metric)
                .isEqualTo("certyneo_slack_errors_total");
        return MonitoringAssets.alternatives(selectors.get(0).matchers().stream()
                .filter(m -> m.label().equals("code") && m.op().equals("=~")).findFirst().orElseThrow().value());
    }

    /** promtool from PATH; its absence fails the test in CI and skips it elsewhere. */
    static Path promtool() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, "promtool");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String message = "promtool is not installed (Debian: apt-get install prometheus; .ci/run installs it)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message);
        }
        assumeTrue(false, message);
        return null;
    }

    /** Runs promtool; returns "SUCCESS" on exit 0, else its output (so a failure shows why). */
    private static String run(Path promtool, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("promtool", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("promtool hangs: " + command);
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        return process.exitValue() == 0 ? "SUCCESS" : "exit " + process.exitValue() + ":\n" + text;
    }
}
