package com.certyneo.slack.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.AdminTokens;
import com.certyneo.slack.testsupport.Db;
import com.certyneo.slack.testsupport.Deliveries;
import com.certyneo.slack.testsupport.FakeSlack;
import com.certyneo.slack.testsupport.FakeSlack.Channel;
import com.certyneo.slack.testsupport.FakeSlack.Reply;
import com.certyneo.slack.testsupport.InstallFlow;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** SPEC section 4: events filter, channel checks, test message outcomes, disconnect, audit trail. */
@QuarkusTest
class AdminSettingsTest {

    private static final String ACC = "acc_settings";
    private static final String OTHER = "acc_settings_b";
    private static final String BASE = "/api/v1/accounts/{acc}/slack";
    private static final String TOKEN = "xoxb-settings-6666-secret";

    private final FakeSlack slack = FakeSlack.get();

    @BeforeEach
    void reset() {
        slack.reset();
        for (String acc : List.of(ACC, OTHER)) {
            Deliveries.clear(acc);
            Db.update("delete from installation where account_id = ?", acc);
        }
    }

    @AfterEach
    void clean() {
        Deliveries.clear(ACC);
        Deliveries.clear(OTHER);
    }

    @Test
    void unknownEventNamesAre400NamingThemAndChangeNothing() {
        connect();
        admin().body(Map.of("events", List.of("envelope.completed", "envelope.signed", "<b>oops</b>")))
                .put(BASE + "/events", ACC).then().statusCode(400)
                .contentType(startsWith("application/problem+json")).body("field", equalTo("events"))
                .body("detail", allOf(containsString("envelope.signed"), containsString("<b>oops</b>"),
                        not(containsString("Unknown event type(s): envelope.completed"))));
        admin().get(BASE, ACC).then().body("events", hasSize(5));
    }

    @Test
    void eventsBodyMustBeAList() {
        connect();
        admin().body("{}").put(BASE + "/events", ACC).then().statusCode(400).body("field", equalTo("events"));
        admin().body("{\"events\": \"envelope.sent\"}").put(BASE + "/events", ACC).then().statusCode(400);
    }

    @Test
    void emptyEventListMutesEverything() {
        connect();
        admin().body(Map.of("events", List.of())).put(BASE + "/events", ACC).then().statusCode(200)
                .body("events", hasSize(0));
        assertThat(Db.one("select events from installation where account_id = ?", ACC)).containsEntry("events", "");
    }

    @Test
    void settingsOfAnAccountWithoutSlackAre409() {
        admin().body(Map.of("events", List.of("envelope.sent"))).put(BASE + "/events", ACC).then().statusCode(409)
                .contentType(startsWith("application/problem+json"));
        admin().get(BASE + "/channels", ACC).then().statusCode(409);
        admin().body(Map.of("channel_id", "C0GENERAL")).put(BASE + "/channel", ACC).then().statusCode(409);
    }

    @Test
    void unknownPrivateOrArchivedChannelIsRefused() {
        connect();
        slack.setChannels(List.of(new Channel("C0ARCH", "old", true, true, false),
                new Channel("G0PRIV", "secret", true, false, true)));
        for (String id : List.of("C0NOPE", "G0PRIV", "C0ARCH")) {
            admin().body(Map.of("channel_id", id)).put(BASE + "/channel", ACC).then().statusCode(400)
                    .body("field", equalTo("channel_id"));
        }
        admin().body(Map.of("channel_id", "#general")).put(BASE + "/channel", ACC).then().statusCode(400)
                .body("field", equalTo("channel_id"));
        assertThat(Db.one("select channel_id from installation where account_id = ?", ACC))
                .containsEntry("channel_id", null);
    }

    @Test
    void testMessageOutsideTheChannelSaysToInviteTheBotAndFlagsHealth() {
        connect();
        admin().body(Map.of("channel_id", "C0RANDOM")).put(BASE + "/channel", ACC).then().statusCode(200);
        admin().post(BASE + "/test", ACC).then().statusCode(200).body("ok", equalTo(false))
                .body("error", equalTo("not_in_channel")).body("message", containsString("/invite @Certyneo"));
        admin().get(BASE, ACC).then().body("health", equalTo("needs_attention")).body("reason",
                equalTo("not_in_channel in #random"));

        slack.setChannels(List.of(Channel.publicChannel("C0RANDOM", "random", true)));
        admin().post(BASE + "/test", ACC).then().statusCode(200).body("ok", equalTo(true)).body("ts", notNullValue());
        admin().get(BASE, ACC).then().body("health", equalTo("ok")).body("reason", nullValue());
    }

    @Test
    void testMessageWithARevokedTokenRevokesTheInstallation() {
        connect();
        admin().body(Map.of("channel_id", "C0GENERAL")).put(BASE + "/channel", ACC).then().statusCode(200);
        slack.revokeToken(TOKEN);
        admin().post(BASE + "/test", ACC).then().statusCode(200).body("ok", equalTo(false))
                .body("error", equalTo("token_revoked")).body("message", containsString("connect Slack again"));
        admin().get(BASE, ACC).then().body("connected", equalTo(false)).body("health", equalTo("revoked"));
    }

    @Test
    void testMessagesArePacedLikeAnyOtherMessage() {
        connect();
        slack.setChannels(List.of(Channel.publicChannel("C0PACED", "paced", true)));
        admin().body(Map.of("channel_id", "C0PACED")).put(BASE + "/channel", ACC).then().statusCode(200);
        slack.strictPacing(true);
        for (int i = 0; i < 3; i++) {
            admin().post(BASE + "/test", ACC).then().statusCode(200).body("ok", equalTo(true));
        }
        assertThat(slack.posts("C0PACED")).hasSize(3).allMatch(FakeSlack.Call::ok);
    }

    @Test
    void testMessageBeforeAChannelIsPickedIs409() {
        connect();
        admin().post(BASE + "/test", ACC).then().statusCode(409).body("detail", containsString("channel"));
        assertThat(slack.posts()).noneMatch(post -> post.text() != null && post.text().contains(ACC));
    }

    @Test
    void channelListWhileSlackRateLimitsIs503WithRetryAfter() {
        connect();
        slack.enqueue(FakeSlack.CONVERSATIONS_LIST, null, Reply.rateLimited(7));
        admin().get(BASE + "/channels", ACC).then().statusCode(503).header("Retry-After", "7")
                .contentType(startsWith("application/problem+json"));
        slack.enqueue(FakeSlack.CONVERSATIONS_LIST, null, Reply.httpStatus(500));
        admin().get(BASE + "/channels", ACC).then().statusCode(502).contentType(startsWith("application/problem+json"));
    }

    @Test
    void disconnectCancelsQueuedMessagesAndErasesTheirData() {
        connect();
        long queued = Deliveries.add(ACC, "evt_settings_q", "envelope.completed", "queued");
        long sent = Deliveries.add(ACC, "evt_settings_s", "envelope.completed", "sent");

        admin().delete(BASE, ACC).then().statusCode(204);

        assertThat(Db.one("select status, last_error from delivery where id = ?", queued))
                .containsEntry("status", "cancelled").containsEntry("last_error", "disconnected from Certyneo");
        assertThat(Db.one("select payload from webhook_event where event_id = 'evt_settings_q'"))
                .containsEntry("payload", null);
        assertThat(Db.one("select status from delivery where id = ?", sent)).containsEntry("status", "sent");
    }

    @Test
    void disconnectOfAnAccountThatNeverConnectedIs204() {
        admin().delete(BASE, ACC).then().statusCode(204);
        assertThat(slack.calls(FakeSlack.AUTH_REVOKE)).isEmpty();
    }

    @Test
    void disconnectErasesTheTokenEvenWhenSlackFailsToRevokeIt() {
        connect();
        slack.enqueue(FakeSlack.AUTH_REVOKE, null, Reply.httpStatus(503));
        admin().delete(BASE, ACC).then().statusCode(204);
        assertThat(Db.one("select token_ciphertext from installation where account_id = ?", ACC))
                .containsEntry("token_ciphertext", null);
    }

    @Test
    void disconnectKeepsTheBotTokenAliveForAnotherAccountOnTheSameWorkspace() {
        connect();
        InstallFlow.connect(OTHER, "code-shared", FakeSlack.OAuthGrant.of(TOKEN)).then().statusCode(302);

        admin().delete(BASE, ACC).then().statusCode(204);

        assertThat(slack.calls(FakeSlack.AUTH_REVOKE)).isEmpty();
        given().auth().oauth2(AdminTokens.admin(OTHER)).contentType(ContentType.JSON)
                .body(Map.of("channel_id", "C0GENERAL")).put(BASE + "/channel", OTHER).then().statusCode(200);
        given().auth().oauth2(AdminTokens.admin(OTHER)).post(BASE + "/test", OTHER).then().statusCode(200)
                .body("ok", equalTo(true));
    }

    @Test
    void deliveriesAreListedNewestFirstAcrossPagesWithTheirAttempts() {
        connect();
        long first = Deliveries.add(ACC, "evt_a1", "envelope.sent", "sent");
        Deliveries.attempt(first, "error", null, 503);
        Deliveries.attempt(first, "ok", null, 200);
        Deliveries.add(ACC, "evt_a2", "recipient.signed", "failed");
        Db.update("update delivery set last_error = 'channel_not_found' where event_id = 'evt_a2'");
        Deliveries.add(ACC, "evt_a3", "envelope.completed", "queued");
        Deliveries.add(ACC, "evt_a4", "envelope.expired", "cancelled");

        Response page1 = admin().queryParam("limit", 3).get(BASE + "/deliveries", ACC);
        page1.then().statusCode(200).body("items.event_id", contains("evt_a4", "evt_a3", "evt_a2"))
                .body("next_cursor", notNullValue()).body("items[1].status", equalTo("queued"))
                .body("items[2].last_error", equalTo("channel_not_found"))
                .body("items[0].event_type", equalTo("envelope.expired"))
                .body("items[0].channel", equalTo(Deliveries.CHANNEL));
        Response page2 = admin().queryParam("limit", 3).queryParam("cursor", page1.<String>path("next_cursor"))
                .get(BASE + "/deliveries", ACC);
        page2.then().statusCode(200).body("items.event_id", contains("evt_a1")).body("next_cursor", nullValue())
                .body("items[0].attempts", equalTo(2)).body("items[0].slack_ts", equalTo("1700000000.000100"))
                .body("items[0].sent_at", notNullValue()).body("items[0].received_at", notNullValue())
                .body("items[0].attempt_log.outcome", contains("error", "ok"))
                .body("items[0].attempt_log[0].http_status", equalTo(503));

        given().auth().oauth2(AdminTokens.admin(OTHER)).get(BASE + "/deliveries", OTHER).then().statusCode(200)
                .body("items", hasSize(0)).body("next_cursor", nullValue());
    }

    @Test
    void badDeliveriesPagingIs400NamingTheParameter() {
        for (String limit : List.of("0", "201", "ten")) {
            admin().queryParam("limit", limit).get(BASE + "/deliveries", ACC).then().statusCode(400)
                    .body("field", equalTo("limit"));
        }
        admin().queryParam("cursor", "abc").get(BASE + "/deliveries", ACC).then().statusCode(400)
                .body("field", equalTo("cursor"));
    }

    private void connect() {
        InstallFlow.connect(ACC, TOKEN).then().statusCode(302);
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2(AdminTokens.admin(ACC)).contentType(ContentType.JSON);
    }
}
