package com.certyneo.slack.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
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
}
