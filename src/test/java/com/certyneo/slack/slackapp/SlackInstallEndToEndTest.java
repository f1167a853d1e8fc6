package com.certyneo.slack.slackapp;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.certyneo.slack.event.EventType;
import com.certyneo.slack.testsupport.AdminTokens;
import com.certyneo.slack.testsupport.CapturedLogs;
import com.certyneo.slack.testsupport.Db;
import com.certyneo.slack.testsupport.FakeSlack;
import com.certyneo.slack.testsupport.FakeSlack.Channel;
import com.certyneo.slack.testsupport.FakeSlack.OAuthGrant;
import com.certyneo.slack.testsupport.InstallFlow;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The whole customer journey against the fake Slack over real HTTP — connect, pick a
 * channel among several pages, tick events, test message, disconnect, reconnect — with the token sealed at rest
 * and never logged.
 */
@QuarkusTest
class SlackInstallEndToEndTest {

    private static final String ACC = "acc_e2e";
    private static final String BASE = "/api/v1/accounts/{acc}/slack";
    private static final String CALLBACK = "http://localhost:8081/slack/oauth/callback";
    private static final String TOKEN = "xoxb-e2e-1111-secret-token";
    private static final String TOKEN_2 = "xoxb-e2e-2222-secret-token";

    private final FakeSlack slack = FakeSlack.get();

    @BeforeEach
    void reset() {
        slack.reset();
        Db.update("delete from installation where account_id = ?", ACC);
    }

    @Test
    void adminConnectsPicksChannelTicksEventsTestsDisconnectsAndReconnects() {
        try (CapturedLogs logs = CapturedLogs.start("com.certyneo", "io.quarkus.rest.client")) {
            // install link
            Response link = given().auth().oauth2(AdminTokens.admin(ACC)).contentType(ContentType.JSON)
                    .body(Map.of("return_url", InstallFlow.RETURN_URL)).post(BASE + "/install", ACC);
            link.then().statusCode(200);
            assertThat(link.<String>path("install_url")).startsWith("http://localhost:8081/slack/install?ticket=");
            OffsetDateTime expires = OffsetDateTime.parse(link.path("expires_at"));
            assertThat(Duration.between(OffsetDateTime.now(), expires)).isBetween(Duration.ofMinutes(9),
                    Duration.ofMinutes(10));

            // the browser opens it: state cookie + redirect to Slack's authorize page
            String path = link.<String>path("install_url").substring("http://localhost:8081".length());
            Response opened = given().redirects().follow(false).get(path);
            opened.then().statusCode(302);
            String setCookie = opened.header("Set-Cookie");
            assertThat(setCookie).contains(SlackOAuthResource.STATE_COOKIE).contains("HttpOnly").contains("Secure")
                    .containsIgnoringCase("SameSite=Lax");
            InstallFlow.Opened browser = new InstallFlow.Opened(opened.cookie(SlackOAuthResource.STATE_COOKIE),
                    java.net.URI.create(opened.header("Location")),
                    InstallFlow.query(java.net.URI.create(opened.header("Location"))));
            assertThat(opened.header("Location")).startsWith("https://slack.com/oauth/v2/authorize?");
            assertThat(browser.params()).containsEntry("client_id", "test-client-id")
                    .containsEntry("scope", "chat:write,channels:read").containsEntry("redirect_uri", CALLBACK);
            assertThat(browser.state()).isNotBlank().isEqualTo(browser.cookie());

            // Slack sends the browser back with a code
            slack.addOAuthCode("code-e2e", new OAuthGrant(FakeSlack.TEAM_ID, FakeSlack.TEAM_NAME,
                    FakeSlack.BOT_USER_ID, FakeSlack.APP_ID, "chat:write,channels:read", TOKEN, CALLBACK));
            Response back = InstallFlow.callback("code=code-e2e&state=" + browser.state(), browser.cookie());
            back.then().statusCode(302);
            assertThat(back.header("Location")).isEqualTo(InstallFlow.RETURN_URL + "?slack=connected");
            assertThat(slack.calls(FakeSlack.OAUTH_V2_ACCESS)).hasSize(1);

            // sealed at rest: plain SQL finds no token
            Map<String, Object> row = Db.one("select * from installation where account_id = ?", ACC);
            byte[] sealed = (byte[]) row.get("token_ciphertext");
            assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("xoxb-");
            assertThat(row.get("token_key_id")).isEqualTo("k1");
            assertThat(Db.count("select count(*) from installation where row(installation.*)::text like '%xoxb-%'"))
                    .isZero();
            assertThat(row).containsEntry("team_id", FakeSlack.TEAM_ID).containsEntry("bot_user_id",
                    FakeSlack.BOT_USER_ID).containsEntry("app_id", FakeSlack.APP_ID)
                    .containsEntry("status", "connected");

            // channel picker across three pages, archived channels left out
            List<Channel> channels = new ArrayList<>(FakeSlack.manyChannels(450));
            channels.add(new Channel("C0ARCHIVED", "old-stuff", true, true, false));
            slack.setChannels(channels);
            List<Map<String, Object>> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                var request = given().auth().oauth2(AdminTokens.admin(ACC));
                if (cursor != null) {
                    request = request.queryParam("cursor", cursor);
                }
                Response page = request.get(BASE + "/channels", ACC);
                page.then().statusCode(200);
                seen.addAll(page.path("items"));
                cursor = page.path("next_cursor");
                pages++;
            } while (cursor != null);
            assertThat(pages).isGreaterThanOrEqualTo(3);
            assertThat(seen).hasSize(450).noneMatch(c -> c.get("id").equals("C0ARCHIVED"));
            assertThat(seen.get(0)).isEqualTo(Map.of("id", "C0000001", "name", "channel-1", "is_member", true));
            assertThat(seen.get(1)).containsEntry("is_member", false);

            // a channel without the bot: stored, with the /invite hint; then one with the bot
            given().auth().oauth2(AdminTokens.admin(ACC)).contentType(ContentType.JSON)
                    .body(Map.of("channel_id", "C0000002")).put(BASE + "/channel", ACC)
                    .then().statusCode(200).body("channel.name", equalTo("channel-2"))
                    .body("bot_is_member", equalTo(false)).body("action", containsString("/invite @Certyneo"));
            given().auth().oauth2(AdminTokens.admin(ACC)).contentType(ContentType.JSON)
                    .body(Map.of("channel_id", "C0000001")).put(BASE + "/channel", ACC)
                    .then().statusCode(200).body("bot_is_member", equalTo(true)).body("action", nullValue());

            // tick two events
            given().auth().oauth2(AdminTokens.admin(ACC)).contentType(ContentType.JSON)
                    .body(Map.of("events", List.of("recipient.signed", "envelope.completed")))
                    .put(BASE + "/events", ACC).then().statusCode(200)
                    .body("events", contains("envelope.completed", "recipient.signed"));
            given().auth().oauth2(AdminTokens.admin(ACC)).get(BASE, ACC).then().statusCode(200)
                    .body("connected", equalTo(true)).body("team.id", equalTo(FakeSlack.TEAM_ID))
                    .body("team.name", equalTo(FakeSlack.TEAM_NAME)).body("channel.id", equalTo("C0000001"))
                    .body("channel.name", equalTo("channel-1")).body("health", equalTo("ok"))
                    .body("events", contains("envelope.completed", "recipient.signed"));

            // the test message reaches Slack
            given().auth().oauth2(AdminTokens.admin(ACC)).post(BASE + "/test", ACC).then().statusCode(200)
                    .body("ok", equalTo(true));
            assertThat(slack.posts("C0000001")).singleElement().satisfies(post -> {
                assertThat(post.channel()).isEqualTo("C0000001");
                assertThat(post.authorization()).isEqualTo("Bearer " + TOKEN);
                assertThat(post.text()).containsIgnoringCase("test").contains(ACC);
            });

            // disconnect: auth.revoke, token erased; twice is fine
            given().auth().oauth2(AdminTokens.admin(ACC)).delete(BASE, ACC).then().statusCode(204);
            given().auth().oauth2(AdminTokens.admin(ACC)).delete(BASE, ACC).then().statusCode(204);
            assertThat(slack.calls(FakeSlack.AUTH_REVOKE)).singleElement()
                    .satisfies(call -> assertThat(call.authorization()).isEqualTo("Bearer " + TOKEN));
            assertThat(slack.isTokenValid(TOKEN)).isFalse();
            assertThat(Db.one("select token_ciphertext, token_key_id, status from installation where account_id = ?",
                    ACC)).containsEntry("token_ciphertext", null).containsEntry("token_key_id", null)
                    .containsEntry("status", "disconnected");
            given().auth().oauth2(AdminTokens.admin(ACC)).get(BASE, ACC).then().statusCode(200)
                    .body("connected", equalTo(false));
            given().auth().oauth2(AdminTokens.admin(ACC)).post(BASE + "/test", ACC).then().statusCode(409);

            // reconnect to the same workspace: new token, channel and events kept, messages flow again
            InstallFlow.connect(ACC, TOKEN_2).then().statusCode(302)
                    .header("Location", InstallFlow.RETURN_URL + "?slack=connected");
            given().auth().oauth2(AdminTokens.admin(ACC)).get(BASE, ACC).then().statusCode(200)
                    .body("connected", equalTo(true)).body("channel.id", equalTo("C0000001"))
                    .body("events", contains("envelope.completed", "recipient.signed"));
            given().auth().oauth2(AdminTokens.admin(ACC)).post(BASE + "/test", ACC).then().statusCode(200)
                    .body("ok", equalTo(true));
            assertThat(slack.posts("C0000001")).hasSize(2).allMatch(FakeSlack.Call::ok).last()
                    .satisfies(post -> assertThat(post.authorization()).isEqualTo("Bearer " + TOKEN_2));

            assertThat(logs.text()).doesNotContain("xoxb-");
        }
    }

    @Test
    void reinstallIntoAnotherWorkspaceResetsChannelAndEvents() {
        InstallFlow.connect(ACC, TOKEN).then().statusCode(302);
        given().auth().oauth2(AdminTokens.admin(ACC)).contentType(ContentType.JSON)
                .body(Map.of("channel_id", "C0GENERAL")).put(BASE + "/channel", ACC).then().statusCode(200);
        given().auth().oauth2(AdminTokens.admin(ACC)).contentType(ContentType.JSON)
                .body(Map.of("events", List.of("envelope.sent"))).put(BASE + "/events", ACC).then().statusCode(200);

        slack.addToken(TOKEN_2, "T0OTHER", "Other", "U0OTHERBOT");
        InstallFlow.connect(ACC, "code-other", new OAuthGrant("T0OTHER", "Other", "U0OTHERBOT", FakeSlack.APP_ID,
                "chat:write,channels:read", TOKEN_2, null)).then().statusCode(302);

        given().auth().oauth2(AdminTokens.admin(ACC)).get(BASE, ACC).then().statusCode(200)
                .body("team.id", equalTo("T0OTHER")).body("channel", nullValue())
                .body("events", contains(EventType.wireNames().toArray()));
    }

    @Test
    void newInstallationTicksAllFiveEvents() {
        InstallFlow.connect(ACC, TOKEN).then().statusCode(302);
        given().auth().oauth2(AdminTokens.admin(ACC)).get(BASE, ACC).then().statusCode(200)
                .body("events", contains(EventType.wireNames().toArray()));
    }
}
