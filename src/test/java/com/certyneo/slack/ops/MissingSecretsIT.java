package com.certyneo.slack.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.AppProcess;

/**
 * SPEC §9: a production start with required secrets missing refuses to start, naming each
 * missing variable. Runs the built application as a real process in the (default) prod profile.
 */
class MissingSecretsIT {

    private static final String MARKER = "missing required configuration: ";

    @Test
    void productionStartWithNothingSetExitsNonZeroNamingEveryRequiredVariableInOneMessage() {
        try (AppProcess app = AppProcess.start(Map.of())) {
            int exit = app.awaitExit(Duration.ofSeconds(60));
            String output = app.output();

            assertThat(exit).isNotZero();
            assertThat(missingNamesIn(output)).containsExactly(
                    "PUBLIC_BASE_URL", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_SIGNING_SECRET",
                    "CERTYNEO_WEBHOOK_SECRETS", "CERTYNEO_API_URL", "CERTYNEO_OIDC_TOKEN_URL",
                    "CERTYNEO_CLIENT_ID", "CERTYNEO_CLIENT_SECRET", "TOKEN_ENCRYPTION_KEYS",
                    "ALLOWED_RETURN_URLS", "QUARKUS_DATASOURCE_REACTIVE_URL", "QUARKUS_DATASOURCE_JDBC_URL",
                    "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD",
                    "QUARKUS_OIDC_AUTH_SERVER_URL or QUARKUS_OIDC_PUBLIC_KEY", "QUARKUS_OIDC_TOKEN_AUDIENCE");
        }
    }

    @Test
    void aPublicKeyWithoutIssuerOrAudienceIsRefusedBecauseAnyTokenOfTheRealmWouldPass() {
        Map<String, String> env = ProductionEnv.complete();
        env.remove("QUARKUS_OIDC_TOKEN_AUDIENCE");
        env.remove("QUARKUS_OIDC_TOKEN_ISSUER");

        try (AppProcess app = AppProcess.start(env)) {
            assertThat(app.awaitExit(Duration.ofSeconds(60))).isEqualTo(78);
            assertThat(missingNamesIn(app.output())).containsExactly("QUARKUS_OIDC_TOKEN_AUDIENCE",
                    "QUARKUS_OIDC_TOKEN_ISSUER");
        }
    }

    @Test
    void aWeakWebhookSecretIsRefusedByPositionWithoutPrintingIt() {
        Map<String, String> env = ProductionEnv.complete();
        String weak = "whsec_"
                + Base64.getEncoder().encodeToString("twenty-byte-secret!!".getBytes(StandardCharsets.UTF_8));
        env.put("CERTYNEO_WEBHOOK_SECRETS", env.get("CERTYNEO_WEBHOOK_SECRETS") + "," + weak);

        try (AppProcess app = AppProcess.start(env)) {
            assertThat(app.awaitExit(Duration.ofSeconds(60))).isEqualTo(78);
            String output = app.output();
            assertThat(output.lines().filter(line -> line.contains("cannot start"))).singleElement().asString()
                    .contains("Invalid configuration: ").contains("#2 in CERTYNEO_WEBHOOK_SECRETS")
                    .contains("24 bytes").doesNotContain(MARKER);
            assertThat(output).doesNotContain(weak.substring(6)).doesNotContain("twenty-byte")
                    .doesNotContain(env.get("CERTYNEO_WEBHOOK_SECRETS").substring(6, 20))
                    .doesNotContainIgnoringCase("flyway");
        }
    }

    @Test
    void missingSecretsAreNamedBeforeAnyDatabaseOrOidcErrorAndNoValueIsPrinted() {
        Map<String, String> env = ProductionEnv.complete(); // datasource points at a closed port
        env.remove("CERTYNEO_CLIENT_SECRET");
        env.remove("QUARKUS_OIDC_PUBLIC_KEY");
        env.put("SLACK_SIGNING_SECRET", "   "); // blank counts as missing

        try (AppProcess app = AppProcess.start(env)) {
            int exit = app.awaitExit(Duration.ofSeconds(60));
            String output = app.output();

            assertThat(exit).isNotZero();
            assertThat(missingNamesIn(output)).containsExactly("SLACK_SIGNING_SECRET", "CERTYNEO_CLIENT_SECRET",
                    "QUARKUS_OIDC_AUTH_SERVER_URL or QUARKUS_OIDC_PUBLIC_KEY");
            // the check ran first: Quarkus never got to the datasource, Flyway or OIDC
            assertThat(output).doesNotContainIgnoringCase("flyway").doesNotContainIgnoringCase("connection refused")
                    .doesNotContain("Exception");
            for (String value : List.of(env.get("SLACK_CLIENT_SECRET"), env.get("QUARKUS_DATASOURCE_PASSWORD"),
                    env.get("TOKEN_ENCRYPTION_KEYS"), env.get("CERTYNEO_WEBHOOK_SECRETS"))) {
                assertThat(output).doesNotContain(value);
            }
        }
    }

    @Test
    void anyOneOidcVerificationSettingSatisfiesTheAdminApiRequirement() {
        Map<String, String> env = ProductionEnv.complete();
        env.remove("QUARKUS_OIDC_PUBLIC_KEY");
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", "https://idp.example.test/realms/certyneo");
        env.remove("TOKEN_ENCRYPTION_KEYS");

        try (AppProcess app = AppProcess.start(env)) {
            assertThat(app.awaitExit(Duration.ofSeconds(60))).isNotZero();
            assertThat(missingNamesIn(app.output())).containsExactly("TOKEN_ENCRYPTION_KEYS");
        }
    }

    /** The names listed by the single refusal line; fails if there is not exactly one. */
    private static List<String> missingNamesIn(String output) {
        List<String> lines = output.lines().filter(line -> line.contains(MARKER)).toList();
        assertThat(lines).as("one refusal line in:\n%s", output).hasSize(1);
        String list = lines.get(0).substring(lines.get(0).indexOf(MARKER) + MARKER.length());
        list = list.substring(0, list.indexOf(". "));
        return Arrays.stream(list.split(", ")).map(String::trim).toList();
    }
}
