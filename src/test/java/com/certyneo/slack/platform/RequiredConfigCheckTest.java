package com.certyneo.slack.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class RequiredConfigCheckTest {

    @Test
    void productionIsTheProfileWhenNoneIsRequestedAndItIsChecked() {
        String profiles = RequiredConfigCheck.activeProfiles(Map.of(), new Properties());
        assertThat(profiles).isEqualTo("prod");
        assertThat(RequiredConfigCheck.appliesTo(profiles)).isTrue();
        assertThat(RequiredConfigCheck.appliesTo("prod,kubernetes")).isTrue();
    }

    @Test
    void localDevAndTestProfilesCarryTheirOwnValuesAndAreNotChecked() {
        Properties system = new Properties();
        system.setProperty("quarkus.profile", "local");
        assertThat(RequiredConfigCheck.appliesTo(RequiredConfigCheck.activeProfiles(Map.of(), system))).isFalse();
        assertThat(RequiredConfigCheck.appliesTo(
                RequiredConfigCheck.activeProfiles(Map.of("QUARKUS_PROFILE", "dev"), new Properties()))).isFalse();
        assertThat(RequiredConfigCheck.appliesTo("prod, test")).isFalse();
    }

    @Test
    void aSecretGivenAsSystemPropertyOrInItsPropertyEnvironmentFormCounts() {
        Map<String, String> env = new HashMap<>();
        Properties system = new Properties();
        system.setProperty("slack.client-secret", "set-by-flag");
        env.put("CERTYNEO_PUBLIC_BASE_URL", "https://example.test"); // env form of certyneo.public-base-url
        system.setProperty("quarkus.oidc.public-key", "key");

        assertThat(RequiredConfigCheck.missing(env, system)).doesNotContain("SLACK_CLIENT_SECRET", "PUBLIC_BASE_URL")
                .doesNotContain("QUARKUS_OIDC_AUTH_SERVER_URL or QUARKUS_OIDC_PUBLIC_KEY")
                .contains("SLACK_SIGNING_SECRET", "TOKEN_ENCRYPTION_KEYS");
    }

    @Test
    void theRefusalMessageNamesVariablesAndNeverValues() {
        Map<String, String> env = new HashMap<>();
        env.put("SLACK_SIGNING_SECRET", "sig-value-123");
        String message = RequiredConfigCheck.message("prod", RequiredConfigCheck.missing(env, new Properties()));
        assertThat(message).contains("SLACK_CLIENT_SECRET", "QUARKUS_DATASOURCE_PASSWORD")
                .doesNotContain("SLACK_SIGNING_SECRET").doesNotContain("sig-value-123");
    }

    @Test
    void productionRequiresTheTokenAudienceAndWithAPublicKeyTheIssuer() {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_OIDC_PUBLIC_KEY", "key");
        assertThat(RequiredConfigCheck.missing(env, new Properties())).contains("QUARKUS_OIDC_TOKEN_AUDIENCE",
                "QUARKUS_OIDC_TOKEN_ISSUER");

        env.put("QUARKUS_OIDC_TOKEN_AUDIENCE", "certyneo-slack");
        Properties system = new Properties();
        system.setProperty("quarkus.oidc.token.issuer", "https://sso.example.test/realms/certyneo");
        assertThat(RequiredConfigCheck.missing(env, system)).doesNotContain("QUARKUS_OIDC_TOKEN_AUDIENCE",
                "QUARKUS_OIDC_TOKEN_ISSUER");
    }

    @Test
    void withDiscoveryTheIssuerComesFromTheProviderButTheAudienceIsStillRequired() {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", "https://sso.example.test/realms/certyneo");
        assertThat(RequiredConfigCheck.missing(env, new Properties())).contains("QUARKUS_OIDC_TOKEN_AUDIENCE")
                .doesNotContain("QUARKUS_OIDC_TOKEN_ISSUER");
    }

    @Test
    void theAnyWildcardThatTurnsTheClaimChecksOffIsRefused() {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_OIDC_TOKEN_AUDIENCE", "any");
        env.put("QUARKUS_OIDC_TOKEN_ISSUER", "ANY");
        assertThat(RequiredConfigCheck.invalid(env, new Properties())).hasSize(2)
                .anySatisfy(reason -> assertThat(reason).startsWith("QUARKUS_OIDC_TOKEN_AUDIENCE"))
                .anySatisfy(reason -> assertThat(reason).startsWith("QUARKUS_OIDC_TOKEN_ISSUER"));
    }

    @Test
    void aWeakWebhookSecretIsNamedByPositionAndItsValueNeverPrinted() {
        String strong = "whsec_" + Base64.getEncoder().encodeToString("a-strong-secret-of-32-bytes-long".getBytes());
        String weak = "whsec_" + Base64.getEncoder().encodeToString("sixteen-bytes!!!".getBytes());
        Map<String, String> env = new HashMap<>();
        env.put("CERTYNEO_WEBHOOK_SECRETS", strong + "," + weak);

        List<String> invalid = RequiredConfigCheck.invalid(env, new Properties());
        assertThat(invalid).singleElement().asString().contains("#2", "CERTYNEO_WEBHOOK_SECRETS", "24 bytes");
        String message = RequiredConfigCheck.message("prod", List.of(), invalid);
        assertThat(message).contains("Invalid configuration: ").doesNotContain(weak.substring(6))
                .doesNotContain("sixteen").doesNotContain(strong.substring(6));

        env.put("CERTYNEO_WEBHOOK_SECRETS", strong);
        assertThat(RequiredConfigCheck.invalid(env, new Properties())).isEmpty();
    }

    @Test
    void missingAndInvalidSettingsShareTheOneRefusalLine() {
        String message = RequiredConfigCheck.message("prod", List.of("SLACK_CLIENT_SECRET"),
                List.of("QUARKUS_OIDC_TOKEN_ISSUER (why)"));
        assertThat(message.lines()).hasSize(1);
        assertThat(message).contains("missing required configuration: SLACK_CLIENT_SECRET. ")
                .contains("Invalid configuration: QUARKUS_OIDC_TOKEN_ISSUER (why). ");
    }

    @Test
    void aProductionBuildExplainsWhyItRefusesTheLocalProfile() {
        assertThat(Main.productionBuildRefusal("local")).contains("profile local").contains("production build")
                .contains("-Dnative");
        // the test classpath is the development build: the launcher is there
        assertThat(Main.launcher()).isNotNull();
    }
}
