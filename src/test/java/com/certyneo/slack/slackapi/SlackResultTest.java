package com.certyneo.slack.slackapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** How Slack answers become typed outcomes (SPEC section 7 classification). */
class SlackResultTest {

    final ObjectMapper json = new ObjectMapper();

    SlackResult<String> answer(String body) throws Exception {
        JsonNode node = json.readTree(body);
        return SlackClient.fromAnswer(node, n -> n.path("ts").asText());
    }

    @Test
    void everyPermanentCodeOfTheSpecFailsAtOnceAndEveryAuthCodeRevokes() throws Exception {
        for (String code : new String[]{"channel_not_found", "not_in_channel", "is_archived", "invalid_blocks",
                "msg_too_long"}) {
            SlackResult<String> result = answer("{\"ok\":false,\"error\":\"" + code + "\"}");
            assertThat(result.isPermanentError()).as(code).isTrue();
            assertThat(result.isAuthError()).as(code).isFalse();
            assertThat(result.describe()).isEqualTo(code);
        }
        for (String code : new String[]{"invalid_auth", "token_revoked", "account_inactive"}) {
            SlackResult<String> result = answer("{\"ok\":false,\"error\":\"" + code + "\"}");
            assertThat(result.isAuthError()).as(code).isTrue();
            assertThat(result.isPermanentError()).as(code).isFalse();
        }
    }

    @Test
    void anUnknownErrorCodeIsNeitherPermanentNorAuthNorTransient() throws Exception {
        SlackResult<String> result = answer("{\"ok\":false,\"error\":\"something_new\"}");
        assertThat(result.errorCode()).contains("something_new");
        assertThat(result.isPermanentError() || result.isAuthError() || result.isTransient()).isFalse();
    }

    @Test
    void slacksTryAgainCodesAreTransientAndRatelimitedIsRateLimited() throws Exception {
        assertThat(answer("{\"ok\":false,\"error\":\"internal_error\"}").isTransient()).isTrue();
        assertThat(answer("{\"ok\":false,\"error\":\"service_unavailable\"}").isTransient()).isTrue();
        assertThat(answer("{\"ok\":false,\"error\":\"ratelimited\"}").retryAfterDelay())
                .contains(Duration.ofSeconds(1));
    }

    @Test
    void anAnswerWithoutOkIsAnInvalidResponse() throws Exception {
        assertThat(answer("{\"channel\":\"C1\"}")).isEqualTo(SlackResult.transientFailure(200, "invalid_response"));
        assertThat(answer("[1,2]")).isEqualTo(SlackResult.transientFailure(200, "invalid_response"));
    }

    @Test
    void okCarriesTheParsedValueAndMapsIt() throws Exception {
        SlackResult<String> result = answer("{\"ok\":true,\"ts\":\"1.000001\"}");
        assertThat(result.value()).isEqualTo("1.000001");
        assertThat(result.map(String::length).value()).isEqualTo(8);
        assertThat(result.describe()).isEqualTo("ok");
    }

    @Test
    void askingAFailureForItsValueNamesTheOutcomeOnly() {
        SlackResult<String> failure = SlackResult.error("channel_not_found");
        assertThatThrownBy(failure::value).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("channel_not_found");
        assertThat(failure.map(String::length)).isEqualTo(SlackResult.error("channel_not_found"));
    }

    @Test
    void retryAfterIsReadInSecondsWithAOneSecondFloor() {
        assertThat(SlackClient.retryAfter("30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(SlackClient.retryAfter(" 2 ")).isEqualTo(Duration.ofSeconds(2));
        assertThat(SlackClient.retryAfter("0")).isEqualTo(Duration.ofSeconds(1));
        assertThat(SlackClient.retryAfter(null)).isEqualTo(Duration.ofSeconds(1));
        assertThat(SlackClient.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ofSeconds(1));
        assertThat(SlackResult.rateLimited(Duration.ofSeconds(30)).describe())
                .isEqualTo("rate_limited (retry after 30s)");
    }

    @Test
    void failuresWithoutAnAnswerAreTransientAndKeepNoMessage() {
        SlackResult<String> refused = SlackClient.fromFailure(
                new RuntimeException("POST http://x/api?token=xoxb-leak", new ConnectException("refused")));
        assertThat(refused).isEqualTo(SlackResult.transientFailure(0, "connection"));
        assertThat(refused.toString()).doesNotContain("xoxb-leak");
        assertThat(SlackClient.<String>fromFailure(new java.util.concurrent.TimeoutException()))
                .isEqualTo(SlackResult.transientFailure(0, "timeout"));
    }
}
