package com.certyneo.slack.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.AppProcess;

/**
 * The README's run command: the built jar with {@code -Dquarkus.profile=local} and nothing else
 * starts its own PostgreSQL (found by name by Main) and becomes ready, with no secret set.
 */
class LocalRunIT {

    @Test
    void localProfileWithNoConfigurationStartsAnEmbeddedDatabaseAndBecomesReady() {
        assumeFalse(AppProcess.isNative(), "the native/production build has no embedded PostgreSQL, by design");
        try (AppProcess app = AppProcess.start(Map.of(), "-Dquarkus.profile=local")) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                assertThat(app.isAlive()).as("app died:\n%s", app.output()).isTrue();
                assertThat(app.managementStatus("/q/health/ready")).isEqualTo(200);
            });
            assertThat(app.output()).contains("Profile local activated").doesNotContain("missing required");
            app.sigterm();
            app.awaitExit(Duration.ofSeconds(60));
            assertThat(app.output()).contains("stopped in");
        }
    }
}
