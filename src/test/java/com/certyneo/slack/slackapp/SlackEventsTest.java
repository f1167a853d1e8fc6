package com.certyneo.slack.slackapp;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.AdminTokens;
import com.certyneo.slack.testsupport.Db;
import com.certyneo.slack.testsupport.Deliveries;
import com.certyneo.slack.testsupport.FakeSlack;
import com.certyneo.slack.testsupport.InstallFlow;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** SPEC section 5 on POST /slack/events: signed Slack events end an installation, once, and only ours. */
@QuarkusTest
class SlackEventsTest {

    private static final String ACC = "acc_events";
    private static final String SECRET = "test-signing-secret";
    private static final String TOKEN = "xoxb-events-4444-secret";

    private final FakeSlack slack = FakeSlack.get();

    @BeforeEach
    void reset() {
        slack.reset();
        Deliveries.clear(ACC);
        Db.update("delete from installation where account_id = ?", ACC);
    }

    @AfterEach
    void clean() {
        Deliveries.clear(ACC);
    }

    @Test
    void urlVerificationChallengeIsAnswered() {
        send("{\"token\":\"x\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\","
                + "\"type\":\"url_verification\"}", now()).then().statusCode(200)
                .body("challenge", equalTo("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"));
    }

    @Test
    void badSignatureIs401ProblemJson() {
        String body = uninstalled("Ev_BAD", now());
        String ts = String.valueOf(now());
        given().header("X-Slack-Request-Timestamp", ts)
                .header("X-Slack-Signature", SlackSignatureVerifier.sign("wrong-secret", ts, body))
                .contentType("application/json").body(body).post("/slack/events")
                .then().statusCode(401).contentType(startsWith("application/problem+json"));
        given().contentType("application/json").body(body).post("/slack/events").then().statusCode(401);
    }

    @Test
    void staleSignatureIs401EvenWhenCorrectlySigned() {
        InstallFlow.connect(ACC, TOKEN);
        send(uninstalled("Ev_STALE_SIG", now()), now() - 301).then().statusCode(401)
                .contentType(startsWith("application/problem+json"));
        assertThat(status()).isEqualTo("connected");
    }

    @Test
    void appUninstalledRevokesAndCancelsTheQueue() {
        InstallFlow.connect(ACC, TOKEN);
        long queued = Deliveries.add(ACC, "evt_events_q1", "envelope.sent", "queued");
        long sent = Deliveries.add(ACC, "evt_events_s1", "envelope.sent", "sent");

        send(uninstalled("Ev_UNINSTALL", now()), now()).then().statusCode(200);

        Map<String, Object> row = Db.one("select * from installation where account_id = ?", ACC);
        assertThat(row).containsEntry("status", "revoked").containsEntry("health", "revoked")
                .containsEntry("token_ciphertext", null).containsEntry("token_key_id", null);
        assertThat(Db.one("select status, last_error, ended_at from delivery where id = ?", queued))
                .containsEntry("status", "cancelled").containsEntry("last_error", "app uninstalled from Slack")
                .doesNotContainEntry("ended_at", null);
        assertThat(Db.one("select payload from webhook_event where event_id = 'evt_events_q1'"))
                .containsEntry("payload", null);
        assertThat(Db.one("select status from delivery where id = ?", sent)).containsEntry("status", "sent");
        given().auth().oauth2(AdminTokens.admin(ACC)).get("/api/v1/accounts/{acc}/slack", ACC).then()
                .statusCode(200).body("connected", equalTo(false)).body("health", equalTo("revoked"))
                .body("reason", equalTo("app uninstalled from Slack"));
    }

    @Test
    void tokensRevokedForOurBotRevokesButForAnotherUserDoesNot() {
        InstallFlow.connect(ACC, TOKEN);
        send(tokensRevoked("Ev_TR_OTHER", now(), "U0SOMEONE"), now()).then().statusCode(200);
        assertThat(status()).isEqualTo("connected");

        send(tokensRevoked("Ev_TR_OURS", now(), FakeSlack.BOT_USER_ID), now()).then().statusCode(200);
        assertThat(status()).isEqualTo("revoked");
    }

    @Test
    void eventOlderThanAReinstallDoesNotRevokeIt() {
        InstallFlow.connect(ACC, TOKEN);
        send(uninstalled("Ev_OLD", now() - 60), now()).then().statusCode(200);
        assertThat(status()).isEqualTo("connected");
    }

    @Test
    void retriedEventIdIsHandledOnce() {
        InstallFlow.connect(ACC, TOKEN);
        // event_time ahead of any reinstall below: only the event_id receipt can keep the retry from revoking
        String body = uninstalled("Ev_RETRIED", now() + 120);
        send(body, now()).then().statusCode(200);
        assertThat(status()).isEqualTo("revoked");

        InstallFlow.connect(ACC, "xoxb-events-5555-secret");
        assertThat(status()).isEqualTo("connected");
        given().header("X-Slack-Retry-Num", "1").header("X-Slack-Retry-Reason", "http_timeout")
                .spec(signed(body, now())).post("/slack/events").then().statusCode(200);
        assertThat(status()).isEqualTo("connected");
        assertThat(Db.count("select count(*) from slack_event_receipt where event_id = 'Ev_RETRIED'")).isEqualTo(1);
    }

    @Test
    void eventOfAnotherWorkspaceChangesNothing() {
        InstallFlow.connect(ACC, TOKEN);
        send(uninstalled("Ev_OTHER_TEAM", now()).replace(FakeSlack.TEAM_ID, "T0ELSEWHERE"), now()).then()
                .statusCode(200);
        assertThat(status()).isEqualTo("connected");
    }

    @Test
    void invalidJsonIs400() {
        send("not json", now()).then().statusCode(400).contentType(startsWith("application/problem+json"));
    }

    private static String status() {
        return (String) Db.one("select status from installation where account_id = ?", ACC).get("status");
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    private static String uninstalled(String eventId, long eventTime) {
        return "{\"token\":\"x\",\"team_id\":\"" + FakeSlack.TEAM_ID + "\",\"api_app_id\":\"" + FakeSlack.APP_ID
                + "\",\"event\":{\"type\":\"app_uninstalled\"},\"type\":\"event_callback\",\"event_id\":\"" + eventId
                + "\",\"event_time\":" + eventTime + "}";
    }

    private static String tokensRevoked(String eventId, long eventTime, String botUserId) {
        return "{\"token\":\"x\",\"team_id\":\"" + FakeSlack.TEAM_ID + "\",\"api_app_id\":\"" + FakeSlack.APP_ID
                + "\",\"event\":{\"type\":\"tokens_revoked\",\"tokens\":{\"oauth\":[\"U0INSTALLER\"],\"bot\":[\""
                + botUserId + "\"]}},\"type\":\"event_callback\",\"event_id\":\"" + eventId + "\",\"event_time\":"
                + eventTime + "}";
    }

    private static Response send(String body, long timestamp) {
        return given().spec(signed(body, timestamp)).post("/slack/events");
    }

    private static io.restassured.specification.RequestSpecification signed(String body, long timestamp) {
        String ts = String.valueOf(timestamp);
        return given().header("X-Slack-Request-Timestamp", ts)
                .header("X-Slack-Signature", SlackSignatureVerifier.sign(SECRET, ts, body))
                .contentType("application/json").body(body);
    }

}
