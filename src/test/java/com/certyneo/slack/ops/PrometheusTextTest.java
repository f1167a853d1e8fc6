package com.certyneo.slack.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The metrics format test is only as good as its parser: it must reject what Prometheus rejects. */
class PrometheusTextTest {

    private static final String VALID = """
            # HELP webhooks_total Webhooks received
            # TYPE webhooks_total counter
            webhooks_total{type="envelope.completed",outcome="accepted"} 3.0
            webhooks_total{type="envelope.sent",outcome="duplicate",} 1.0 1700000000000
            # TYPE latency_seconds histogram
            latency_seconds_bucket{le="0.5"} 1.0
            latency_seconds_bucket{le="+Inf"} 2.0
            latency_seconds_sum 0.75
            latency_seconds_count 2.0
            # TYPE odd gauge
            odd{path="a\\"b\\\\c\\nd"} NaN
            """;

    @Test
    void parsesFamiliesSamplesLabelsAndEscapes() {
        PrometheusText text = PrometheusText.parse(VALID);
        assertThat(text.families()).containsKeys("webhooks_total", "latency_seconds", "odd");
        assertThat(text.families().get("latency_seconds").samples()).hasSize(4);
        assertThat(text.families().get("odd").samples().get(0).labels().get("path")).isEqualTo("a\"b\\c\nd");
    }

    @Test
    void rejectsWhatPrometheusWouldReject() {
        for (String bad : new String[]{
                "bad-name 1.0",
                "x{1a=\"v\"} 1",
                "x{a=v} 1",
                "x{a=\"v\"}",
                "x 1.0.0",
                "x{a=\"\\q\"} 1",
                "# TYPE x countr\nx 1",
                "# TYPE x counter\nx 1\n# TYPE x counter",
                "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_count 1",
                "a 1\nb 1\na 2",
                "x{a=\"v\",a=\"w\"} 1"}) {
            assertThatThrownBy(() -> PrometheusText.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
