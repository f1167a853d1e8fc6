package com.certyneo.slack.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.certyneo.slack.testsupport.AppProcess;
import com.certyneo.slack.testsupport.RestartablePostgres;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The built application in the prod profile, as Kubernetes runs it: complete configuration from
 * environment variables, a real PostgreSQL that the test stops and restarts, SIGTERM at the end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProductionProcessIT {

    private static final Duration BOUND = Duration.ofSeconds(60);
    private final ObjectMapper json = new ObjectMapper();
    private RestartablePostgres postgres;
    private AppProcess app;

    @BeforeAll
    void startDatabaseAndApp() {
        postgres = RestartablePostgres.start();
        Map<String, String> env = ProductionEnv.withoutDatasource();
        env.putAll(postgres.datasourceEnv());
        app = AppProcess.start(env);
        await().atMost(BOUND).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertThat(app.isAlive()).as("app died:\n%s", app.output()).isTrue();
            assertThat(app.managementStatus("/q/health/ready")).isEqualTo(200);
        });
    }

    @AfterAll
    void stopAll() {
        if (app != null) {
            app.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    @Order(1)
    void productionLogsAreOneJsonObjectPerLineWithoutSecrets() throws Exception {
        List<String> lines = app.output().lines().filter(line -> !line.isBlank()).toList();
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            JsonNode entry = json.readTree(line);
            assertThat(entry.isObject()).as(line).isTrue();
            assertThat(entry.has("message") && entry.has("level") && entry.has("timestamp")).as(line).isTrue();
        }
        for (String secret : List.of("it-client-secret-value", "it-signing-secret-value",
                "it-certyneo-client-secret-value", "aXQtb25seS10b2tlbi1rZXktMzItYnl0ZXMtbG9uZyE=")) {
            assertThat(app.output()).doesNotContain(secret);
        }
    }

    @Test
    @Order(2)
    void readinessGoesDownWhileTheDatabaseIsGoneAndUpAgainAfterWhileLivenessStaysUp() {
        assertThat(app.managementStatus("/q/health/ready")).isEqualTo(200);

        postgres.stop();
        await().atMost(BOUND).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(app.managementStatus("/q/health/ready")).isEqualTo(503));
        // a database outage must not make Kubernetes kill every replica
        assertThat(app.managementStatus("/q/health/live")).isEqualTo(200);
        assertThat(app.managementStatus("/q/health/started")).isEqualTo(200);

        postgres.startAgain();
        await().atMost(BOUND).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(app.managementStatus("/q/health/ready")).isEqualTo(200));
    }

    @Test
    @Order(3)
    void metricsAreServedInPrometheusFormatOnTheManagementPortInProduction() {
        // the delivery families are registered at start-up, so alerts on them work from the first scrape
        var response = app.management("/q/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(PrometheusText.parse(response.body()).families()).containsKey("certyneo_delivery_queue_depth");
    }

    /** Only the public port is exposed through the ingress: it must serve none of /q/*. */
    @Test
    @Order(3)
    void thePublicPortServesNoManagementEndpointInProduction() {
        for (String path : List.of("/q/metrics", "/q/health", "/q/health/ready", "/q/health/live", "/q/openapi",
                "/q/openapi?format=json", "/q/swagger-ui", "/q/dev-ui")) {
            assertThat(app.status(path)).as(path).isEqualTo(404);
        }
    }

    /**
     * The same development-build jar that carries the local sandbox (the README's run command): in the prod profile
     * none of it answers, and no start-up line points at it.
     */
    @Test
    @Order(3)
    void theLocalSandboxDoesNotExistInTheProdProfile() {
        for (String path : List.of("/", "/sandbox/slack", "/sandbox/certyneo", "/sandbox/token",
                "/sandbox/assets/landing.js", "/sandbox/slack/api/auth.test", "/sandbox/slack/oauth/v2/authorize",
                "/sandbox/certyneo/calls")) {
            assertThat(app.status(path)).as(path).isEqualTo(404);
        }
        assertThat(app.output()).doesNotContain("Sandbox ready");
    }

    @Test
    @Order(4)
    void theOpenApiDescriptionOfTheAdminApiIsServedOnTheManagementPortInProduction() {
        var response = app.management("/q/openapi?format=json");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"openapi\"").contains("certyneo-slack admin API")
                .contains("/api/v1/accounts/{");
    }

    @Test
    @Order(5)
    void theAdminApiAcceptsOnlyTokensForItsAudienceFromItsIssuer() throws Exception {
        String path = "/api/v1/accounts/acc_prod/slack";
        assertThat(adminStatus(path, ProductionEnv.platformToken(ProductionEnv.AUDIENCE, ProductionEnv.ISSUER)))
                .isEqualTo(200);
        // same realm, same signing key, but issued for another client or by another issuer
        assertThat(adminStatus(path, ProductionEnv.platformToken("certyneo-dashboard", ProductionEnv.ISSUER)))
                .isEqualTo(401);
        assertThat(adminStatus(path,
                ProductionEnv.platformToken(ProductionEnv.AUDIENCE, "https://sso.example.test/realms/other")))
                .isEqualTo(401);
    }

    private int adminStatus(String path, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    @Order(100)
    void sigtermFirstTakesThePodOutOfReadinessThenStopsWithinTheShutdownTimeout() {
        app.sigterm();
        // during quarkus.shutdown.delay the process still answers, but no longer as ready
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(app.managementStatus("/q/health/ready")).isEqualTo(503));
        assertThat(app.isAlive()).isTrue();
        app.awaitExit(BOUND);
        assertThat(app.output()).contains("stopped in");
    }
}
