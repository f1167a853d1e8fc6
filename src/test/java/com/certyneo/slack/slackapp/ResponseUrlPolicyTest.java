package com.certyneo.slack.slackapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SPEC section 6: no call is made to any host but the configured ones. A response_url is checked by the same rule
 * as a return_url ({@link ReturnUrlPolicyTest}).
 */
class ResponseUrlPolicyTest {

    private static final UrlPrefixPolicy SLACK = new UrlPrefixPolicy(List.of("https://hooks.slack.com/"));

    @ParameterizedTest
    @ValueSource(strings = {"https://hooks.slack.com/actions/T0001/123/abc", "HTTPS://Hooks.Slack.com/actions/T1/2/x",
            "https://hooks.slack.com:443/actions/T1/2/x"})
    void slackResponseUrlsAreAccepted(String url) {
        assertThat(SLACK.check(url)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://hooks.slack.com.evil.example/actions/T1/2/x",
            "https://hooks.slack.com@evil.example/actions/T1/2/x", "https://evil.example/https://hooks.slack.com/",
            "http://hooks.slack.com/actions/T1/2/x", "https://hooks.slack.com:8443/actions/T1/2/x",
            "https://slack.com/api/chat.postMessage", "//hooks.slack.com/actions/T1/2/x", "not a url",
            "javascript:alert(1)", ""})
    void anythingElseIsRefused(String url) {
        assertThat(SLACK.check(url)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:9000/elsewhere/x", "http://127.0.0.1:9000/actions/../admin",
            "http://127.0.0.1:9001/actions/T1/2/x", "http://127.0.0.1:9000/actionsx/T1/2/x",
            "http://127.0.0.1:9000/actions/%2e%2e/admin"})
    void aPathPrefixIsEnforcedAtASegmentBoundary(String url) {
        for (String prefix : List.of("http://127.0.0.1:9000/actions/", "http://127.0.0.1:9000/actions")) {
            UrlPrefixPolicy fake = new UrlPrefixPolicy(List.of(prefix));
            assertThat(fake.check("http://127.0.0.1:9000/actions/T1/2/x")).as(prefix).isPresent();
            assertThat(fake.check(url)).as(prefix).isEmpty();
        }
    }
}
