package com.certyneo.slack.slackapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ALLOWED_RETURN_URLS compares parsed URLs, so look-alike return URLs cannot send the admin elsewhere. */
class ReturnUrlPolicyTest {

    private final UrlPrefixPolicy policy = new UrlPrefixPolicy(
            List.of("https://app.certyneo.com/settings", " http://localhost:3000/ "));

    @ParameterizedTest
    @ValueSource(strings = {"https://app.certyneo.com/settings", "https://app.certyneo.com/settings/integrations",
            "https://APP.certyneo.com/settings/integrations?tab=slack", "https://app.certyneo.com:443/settings",
            "HTTPS://app.certyneo.com/settings#slack", "http://localhost:3000/anything"})
    void urlsUnderAnAllowedPrefixPass(String url) {
        assertThat(policy.check(url)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://app.certyneo.com.evil.com/settings", "https://app.certyneo.com@evil.com/settings",
            "https://evil.com/https://app.certyneo.com/settings", "http://app.certyneo.com/settings",
            "https://app.certyneo.com:8443/settings", "https://app.certyneo.com/settings-evil",
            "https://app.certyneo.com/settingsx/integrations", "https://app.certyneo.com/settings/../admin",
            "https://app.certyneo.com/settings/%2e%2e/admin", "https://app.certyneo.com/settings\\..\\admin",
            "javascript:alert(1)//app.certyneo.com/settings", "/settings/integrations", "//evil.com/settings",
            "https://app.certyneo.com/set tings", "ftp://app.certyneo.com/settings", "", "not a url",
            "http://localhost:3001/x", "http://localhost.evil.com:3000/"})
    void lookAlikeUrlsAreRefused(String url) {
        assertThat(policy.check(url)).isEmpty();
    }

    @Test
    void nothingPassesWhenNoPrefixIsConfigured() {
        assertThat(new UrlPrefixPolicy(List.of()).check("https://app.certyneo.com/settings")).isEmpty();
    }

    @Test
    void resultIsAddedToTheQueryBeforeTheFragment() {
        assertThat(UrlPrefixPolicy.withQuery("https://app.certyneo.com/settings?tab=1#top", "slack=connected"))
                .isEqualTo("https://app.certyneo.com/settings?tab=1&slack=connected#top");
        assertThat(UrlPrefixPolicy.withQuery("https://app.certyneo.com", "slack=connected"))
                .isEqualTo("https://app.certyneo.com/?slack=connected");
    }
}
