package com.certyneo.slack.slackapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SPEC section 6: no call is made to any host but the configured ones. */
class ResponseUrlPolicyTest {

    private static final List<URI> SLACK = List.of(URI.create("https://hooks.slack.com/"));

    @ParameterizedTest
    @ValueSource(strings = {"https://hooks.slack.com/actions/T0001/123/abc", "HTTPS://Hooks.Slack.com/actions/T1/2/x",
            "https://hooks.slack.com:443/actions/T1/2/x"})
    void slackResponseUrlsAreAccepted(String url) {
        assertThat(SlackResponder.isUnder(url, SLACK)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://hooks.slack.com.evil.example/actions/T1/2/x",
            "https://hooks.slack.com@evil.example/actions/T1/2/x", "https://evil.example/https://hooks.slack.com/",
            "http://hooks.slack.com/actions/T1/2/x", "https://hooks.slack.com:8443/actions/T1/2/x",
            "https://slack.com/api/chat.postMessage", "//hooks.slack.com/actions/T1/2/x", "not a url",
            "javascript:alert(1)", ""})
    void anythingElseIsRefused(String url) {
        assertThat(SlackResponder.isUnder(url, SLACK)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:9000/elsewhere/x", "http://127.0.0.1:9000/actions/../admin",
            "http://127.0.0.1:9001/actions/T1/2/x"})
    void aPathPrefixIsEnforcedToo(String url) {
        List<URI> fake = List.of(URI.create("http://127.0.0.1:9000/actions/"));
        assertThat(SlackResponder.isUnder("http://127.0.0.1:9000/actions/T1/2/x", fake)).isTrue();
        assertThat(SlackResponder.isUnder(url, fake)).isFalse();
    }
}
