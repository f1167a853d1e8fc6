package com.certyneo.slack.slackapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.CapturedLogs;
import com.certyneo.slack.testsupport.FakeSlack;
import com.certyneo.slack.testsupport.FakeSlack.Channel;
import com.certyneo.slack.testsupport.FakeSlack.OAuthGrant;
import com.certyneo.slack.testsupport.FakeSlack.Reply;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;

/** SlackClient against the fake Slack Web API over real HTTP. */
@QuarkusTest
class SlackClientTest {

    static final String TOKEN = FakeSlack.BOT_TOKEN;
    static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    SlackClient slack;

    FakeSlack fake;
    ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void resetFake() {
        fake = FakeSlack.get();
        fake.reset();
    }

    ObjectNode message(String channel, String text) {
        ObjectNode body = json.createObjectNode().put("channel", channel).put("text", text);
        body.putArray("blocks").addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text",
                text);
        return body;
    }

    @Test
    void postMessageReturnsTheTimestampSlackAssignedAndSendsTheBodyWithTheBearerToken() {
        SlackResult<PostedMessage> result = slack.postMessage(TOKEN, message("C0GENERAL", "Document *NDA* signed"))
                .await().atMost(WAIT);

        assertThat(result.isOk()).isTrue();
        assertThat(result.value().channel()).isEqualTo("C0GENERAL");
        assertThat(result.value().ts()).matches("\\d+\\.\\d{6}");
        FakeSlack.Call call = fake.posts().get(0);
        assertThat(call.authorization()).isEqualTo("Bearer " + TOKEN);
        assertThat(call.text()).isEqualTo("Document *NDA* signed");
        assertThat(call.body().path("blocks").get(0).path("type").asText()).isEqualTo("section");
    }

    @Test
    void channelNotFoundIsAPermanentErrorAndIsNotRetried() {
        fake.enqueue(FakeSlack.POST_MESSAGE, "C0GONE", Reply.error("channel_not_found"));

        SlackResult<PostedMessage> result = slack.postMessage(TOKEN, message("C0GONE", "hi")).await().atMost(WAIT);

        assertThat(result).isEqualTo(SlackResult.error("channel_not_found"));
        assertThat(result.isPermanentError()).isTrue();
        assertThat(result.isAuthError()).isFalse();
        assertThat(result.describe()).isEqualTo("channel_not_found");
        assertThat(fake.posts()).hasSize(1);
    }

    @Test
    void aChannelTheBotIsNotInAnswersNotInChannelAsAPermanentError() {
        SlackResult<PostedMessage> result = slack.postMessage(TOKEN, message("C0RANDOM", "hi")).await().atMost(WAIT);

        assertThat(result.errorCode()).contains("not_in_channel");
        assertThat(result.isPermanentError()).isTrue();
    }

    @Test
    void aRevokedTokenIsAnAuthError() {
        fake.revokeToken(TOKEN);

        SlackResult<PostedMessage> result = slack.postMessage(TOKEN, message("C0GENERAL", "hi")).await().atMost(WAIT);

        assertThat(result.errorCode()).contains("token_revoked");
        assertThat(result.isAuthError()).isTrue();
        assertThat(result.isPermanentError()).isFalse();
    }

    @Test
    void anUnknownTokenIsAnAuthError() {
        SlackResult<AuthIdentity> result = slack.authTest("xoxb-not-a-real-token").await().atMost(WAIT);

        assertThat(result.errorCode()).contains("invalid_auth");
        assertThat(result.isAuthError()).isTrue();
    }

    @Test
    void rateLimitSurfacesRetryAfterWithoutRetrying() {
        fake.enqueue(FakeSlack.POST_MESSAGE, "C0GENERAL", Reply.rateLimited(30));

        SlackResult<PostedMessage> result = slack.postMessage(TOKEN, message("C0GENERAL", "hi")).await().atMost(WAIT);

        assertThat(result.isRateLimited()).isTrue();
        assertThat(result.retryAfterDelay()).contains(Duration.ofSeconds(30));
        assertThat(result.httpStatusCode()).contains(429);
        assertThat(fake.posts()).hasSize(1);
    }

    @Test
    void serverErrorIsTransientWithItsStatusAndIsNotRetried() {
        fake.enqueue(FakeSlack.POST_MESSAGE, null, Reply.httpStatus(500));

        SlackResult<PostedMessage> result = slack.postMessage(TOKEN, message("C0GENERAL", "hi")).await().atMost(WAIT);

        assertThat(result).isEqualTo(SlackResult.transientFailure(500, "http_500"));
        assertThat(result.isTransient()).isTrue();
        assertThat(fake.posts()).hasSize(1);
    }

    @Test
    void slacksOwnInternalErrorIsTransient() {
        fake.enqueue(FakeSlack.POST_MESSAGE, null, Reply.error("internal_error"));

        SlackResult<PostedMessage> result = slack.postMessage(TOKEN, message("C0GENERAL", "hi")).await().atMost(WAIT);

        assertThat(result).isEqualTo(SlackResult.transientFailure(200, "internal_error"));
    }

    @Test
    void anAnswerSlowerThanTheTimeoutIsATransientTimeoutAndIsNotRetried() {
        fake.enqueue(FakeSlack.POST_MESSAGE, null, Reply.delay(Duration.ofSeconds(4)));

        SlackResult<PostedMessage> result = slack.postMessage(TOKEN, message("C0GENERAL", "hi")).await().atMost(WAIT);

        assertThat(result).isEqualTo(SlackResult.transientFailure(0, "timeout"));
        assertThat(fake.posts()).hasSize(1);
    }

    @Test
    void aDroppedConnectionIsATransientConnectionFailure() {
        fake.enqueue(FakeSlack.POST_MESSAGE, null, Reply.disconnect());

        SlackResult<PostedMessage> result = slack.postMessage(TOKEN, message("C0GENERAL", "hi")).await().atMost(WAIT);

        assertThat(result).isEqualTo(SlackResult.transientFailure(0, "connection"));
        assertThat(fake.posts()).hasSize(1);
    }

    @Test
    void anAnswerThatIsNotSlackJsonIsATransientInvalidResponse() {
        fake.enqueue(FakeSlack.AUTH_TEST, null, Reply.httpStatus(200));

        assertThat(slack.authTest(TOKEN).await().atMost(WAIT))
                .isEqualTo(SlackResult.transientFailure(200, "invalid_response"));
    }

    @Test
    void chatUpdateReplacesAPostedMessage() {
        PostedMessage posted = slack.postMessage(TOKEN, message("C0GENERAL", "before")).await().atMost(WAIT).value();

        ObjectNode update = message("C0GENERAL", "after").put("ts", posted.ts());
        SlackResult<PostedMessage> result = slack.update(TOKEN, update).await().atMost(WAIT);

        assertThat(result.value()).isEqualTo(posted);
        assertThat(fake.calls(FakeSlack.UPDATE).get(0).text()).isEqualTo("after");
    }

    @Test
    void chatUpdateAnswersAreClassifiedLikePosts() {
        PostedMessage posted = slack.postMessage(TOKEN, message("C0GENERAL", "root")).await().atMost(WAIT).value();

        SlackResult<PostedMessage> unknown = slack.update(TOKEN, message("C0GENERAL", "x").put("ts", "1.000001"))
                .await().atMost(WAIT);
        fake.deleteMessage("C0GENERAL", posted.ts());
        SlackResult<PostedMessage> deleted = slack.update(TOKEN, message("C0GENERAL", "x").put("ts", posted.ts()))
                .await().atMost(WAIT);
        fake.enqueue(FakeSlack.UPDATE, "C0GENERAL", Reply.rateLimited(7), Reply.httpStatus(503),
                Reply.error("cant_update_message"));
        List<SlackResult<PostedMessage>> scripted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            scripted.add(slack.update(TOKEN, message("C0GENERAL", "x").put("ts", posted.ts())).await().atMost(WAIT));
        }

        assertThat(unknown.errorCode()).contains("message_not_found");
        // retrying cannot bring the message back (the thread layout posts a new root instead)
        assertThat(unknown.isPermanentError()).isTrue();
        assertThat(unknown.isTransient() || unknown.isAuthError()).isFalse();
        assertThat(deleted.errorCode()).contains("message_not_found");
        assertThat(scripted.get(0).retryAfterDelay()).contains(Duration.ofSeconds(7));
        assertThat(scripted.get(1)).isEqualTo(SlackResult.transientFailure(503, "http_503"));
        assertThat(scripted.get(2).errorCode()).contains("cant_update_message");
    }

    @Test
    void aReplyGoesIntoTheThreadOfAnExistingMessageOnly() {
        PostedMessage root = slack.postMessage(TOKEN, message("C0GENERAL", "root")).await().atMost(WAIT).value();

        SlackResult<PostedMessage> reply = slack.postMessage(TOKEN, message("C0GENERAL", "reply")
                .put("thread_ts", root.ts()).put("reply_broadcast", true)).await().atMost(WAIT);
        SlackResult<PostedMessage> orphan = slack.postMessage(TOKEN, message("C0GENERAL", "orphan")
                .put("thread_ts", "1.000009")).await().atMost(WAIT);

        assertThat(reply.isOk()).isTrue();
        assertThat(orphan.errorCode()).contains("thread_not_found");
        assertThat(fake.replies("C0GENERAL", root.ts())).singleElement()
                .satisfies(m -> assertThat(m.body().path("reply_broadcast").asBoolean()).isTrue());
    }

    @Test
    void strictPacingCountsUpdatesAsWritesToTheChannel() {
        fake.strictPacing(true);
        PostedMessage posted = slack.postMessage(TOKEN, message("C0GENERAL", "root")).await().atMost(WAIT).value();

        SlackResult<PostedMessage> update = slack.update(TOKEN, message("C0GENERAL", "x").put("ts", posted.ts()))
                .await().atMost(WAIT);

        assertThat(update.retryAfterDelay()).contains(Duration.ofSeconds(1));
        assertThat(fake.pacingViolations()).isEqualTo(1);
    }

    @Test
    void conversationsListFollowsTheCursorAcrossPagesAndShowsOnlyPublicUnarchivedChannels() {
        List<Channel> channels = new ArrayList<>(FakeSlack.manyChannels(7));
        channels.add(2, new Channel("C0OLD", "old-stuff", true, true, false));
        channels.add(5, new Channel("G0SECRET", "secret", true, false, true));
        fake.setChannels(channels);

        List<SlackChannel> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            ChannelPage page = slack.conversationsList(TOKEN, cursor, 3).await().atMost(WAIT).value();
            seen.addAll(page.channels());
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).extracting(SlackChannel::id).containsExactly("C0000001", "C0000002", "C0000003", "C0000004",
                "C0000005", "C0000006", "C0000007");
        assertThat(seen.get(0)).isEqualTo(new SlackChannel("C0000001", "channel-1", true, false, false));
        assertThat(seen.get(1).isMember()).isFalse();
        FakeSlack.Call first = fake.calls(FakeSlack.CONVERSATIONS_LIST).get(0);
        assertThat(first.body().path("types").asText()).isEqualTo("public_channel");
        assertThat(first.body().path("exclude_archived").asText()).isEqualTo("true");
        assertThat(first.body().has("cursor")).isFalse();
    }

    @Test
    void conversationsInfoDescribesAKnownChannelAndReportsAnUnknownOne() {
        assertThat(slack.conversationsInfo(TOKEN, "C0RANDOM").await().atMost(WAIT).value())
                .isEqualTo(new SlackChannel("C0RANDOM", "random", false, false, false));
        assertThat(slack.conversationsInfo(TOKEN, "C0NOPE").await().atMost(WAIT).errorCode())
                .contains("channel_not_found");
    }

    @Test
    void oauthExchangeSendsTheClientCredentialsAsBasicAuthAndReturnsTheInstallation() {
        String redirect = "http://localhost:8081/slack/oauth/callback";
        fake.addOAuthCode("code-1", new OAuthGrant("T0ACME", "Acme", "U0BOT", "A0APP", "chat:write,channels:read",
                "xoxb-acme-new-token", redirect));

        SlackResult<OAuthAccess> result = slack.oauthV2Access("code-1", redirect).await().atMost(WAIT);

        assertThat(result.value()).isEqualTo(new OAuthAccess("T0ACME", "Acme", "U0BOT", "A0APP",
                "chat:write,channels:read", "xoxb-acme-new-token"));
        assertThat(result.value().toString()).doesNotContain("xoxb-acme-new-token");
        FakeSlack.Call call = fake.calls(FakeSlack.OAUTH_V2_ACCESS).get(0);
        assertThat(call.authorization()).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString("test-client-id:test-client-secret".getBytes(StandardCharsets.UTF_8)));
        assertThat(call.body().path("redirect_uri").asText()).isEqualTo(redirect);
        assertThat(fake.isTokenValid("xoxb-acme-new-token")).isTrue();
        // codes are single use, as on Slack
        assertThat(slack.oauthV2Access("code-1", redirect).await().atMost(WAIT).errorCode()).contains("invalid_code");
    }

    @Test
    void authTestIdentifiesTheBotAndAuthRevokeKillsTheToken() {
        AuthIdentity identity = slack.authTest(TOKEN).await().atMost(WAIT).value();
        assertThat(identity.teamId()).isEqualTo(FakeSlack.TEAM_ID);
        assertThat(identity.userId()).isEqualTo(FakeSlack.BOT_USER_ID);

        assertThat(slack.authRevoke(TOKEN).await().atMost(WAIT).value()).isTrue();

        assertThat(slack.authTest(TOKEN).await().atMost(WAIT).isAuthError()).isTrue();
    }

    @Test
    void strictPacingAnswers429WhenOneChannelGetsTwoMessagesWithinASecond() {
        fake.strictPacing(true);

        SlackResult<PostedMessage> first = slack.postMessage(TOKEN, message("C0GENERAL", "1")).await().atMost(WAIT);
        SlackResult<PostedMessage> second = slack.postMessage(TOKEN, message("C0GENERAL", "2")).await().atMost(WAIT);
        SlackResult<PostedMessage> otherChannel = slack.postMessage(TOKEN, message("C0OTHER", "3")).await()
                .atMost(WAIT);

        assertThat(first.isOk()).isTrue();
        assertThat(second.retryAfterDelay()).contains(Duration.ofSeconds(1));
        assertThat(otherChannel.isOk()).isTrue();
        assertThat(fake.pacingViolations()).isEqualTo(1);
        assertThat(fake.postedMessages()).extracting(FakeSlack.Call::channel).containsExactly("C0GENERAL", "C0OTHER");
    }

    @Test
    void noTokenOrClientSecretAppearsInAnyLogLineEvenOnFailures() {
        String token = "xoxb-secret-999-do-not-log";
        fake.addToken(token);
        fake.addOAuthCode("code-log", OAuthGrant.of("xoxb-fresh-secret-token"));
        fake.enqueue(FakeSlack.POST_MESSAGE, null, Reply.httpStatus(500), Reply.rateLimited(3),
                Reply.error("channel_not_found"), Reply.delay(Duration.ofSeconds(4)));
        List<SlackResult<?>> results = new ArrayList<>();

        try (CapturedLogs logs = CapturedLogs.start("com.certyneo", "io.quarkus.rest.client",
                "org.jboss.resteasy.reactive.client", "io.vertx")) {
            for (int i = 0; i < 5; i++) {
                results.add(slack.postMessage(token, message("C0GENERAL", "m" + i)).await().atMost(WAIT));
            }
            results.add(slack.postMessage("xoxb-unknown-secret-token", message("C0GENERAL", "x")).await()
                    .atMost(WAIT));
            results.add(slack.oauthV2Access("code-log", "http://localhost/cb").await().atMost(WAIT));
            results.add(slack.conversationsList(token, "bad-cursor").await().atMost(WAIT));
            results.add(slack.authRevoke(token).await().atMost(WAIT));

            assertThat(results).extracting(SlackResult::describe).contains("http_500", "rate_limited (retry after 3s)",
                    "channel_not_found", "timeout", "ok", "invalid_auth", "invalid_cursor");
            assertThat(logs.text()).doesNotContain(token, "xoxb-unknown-secret-token", "xoxb-fresh-secret-token",
                    "test-client-secret", Base64.getEncoder().encodeToString(
                            "test-client-id:test-client-secret".getBytes(StandardCharsets.UTF_8)));
        }
        assertThat(results).allSatisfy(r -> assertThat(r.describe()).doesNotContain("xoxb-"));
        assertThat(results).filteredOn(r -> !r.isOk())
                .allSatisfy(r -> assertThat(r.toString()).doesNotContain("xoxb-"));
    }
}
