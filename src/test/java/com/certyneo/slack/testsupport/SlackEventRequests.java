package com.certyneo.slack.testsupport;

import static io.restassured.RestAssured.given;

import java.time.Instant;

import com.certyneo.slack.slackapp.SlackSignatureVerifier;

import io.restassured.response.Response;

/** Events API callbacks as Slack sends them to POST /slack/events, signed with the %test profile's signing secret. */
public final class SlackEventRequests {

    public static final String SECRET = "test-signing-secret";

    private SlackEventRequests() {
    }

    /** {@code member_joined_channel}: {@code user} joined {@code channel} of the fake's workspace. */
    public static String memberJoined(String eventId, String channel, String user, long eventTime) {
        return callback(eventId,
                "{\"type\":\"member_joined_channel\",\"user\":\"" + user + "\",\"channel\":\"" + channel
                        + "\",\"channel_type\":\"C\",\"team\":\"" + FakeSlack.TEAM_ID + "\",\"inviter\":\"U0INVITER\"}",
                eventTime);
    }

    /** {@code channel_archive}, {@code channel_unarchive} or {@code channel_deleted} of {@code channel}. */
    public static String channelEvent(String type, String eventId, String channel, long eventTime) {
        return callback(eventId, "{\"type\":\"" + type + "\",\"channel\":\"" + channel + "\",\"user\":\"U0ADMIN\"}",
                eventTime);
    }

    private static String callback(String eventId, String event, long eventTime) {
        return "{\"token\":\"x\",\"team_id\":\"" + FakeSlack.TEAM_ID + "\",\"api_app_id\":\"" + FakeSlack.APP_ID
                + "\",\"event\":" + event + ",\"type\":\"event_callback\",\"event_id\":\"" + eventId
                + "\",\"event_time\":" + eventTime + "}";
    }

    /** Posts {@code body} signed now with the right secret. */
    public static Response send(String body) {
        return send(body, SECRET);
    }

    /** Posts {@code body} signed now with {@code secret} (a forger's, to prove it is refused). */
    public static Response send(String body, String secret) {
        String ts = String.valueOf(now());
        return given().header("X-Slack-Request-Timestamp", ts)
                .header("X-Slack-Signature", SlackSignatureVerifier.sign(secret, ts, body))
                .contentType("application/json").body(body).post("/slack/events");
    }

    public static long now() {
        return Instant.now().getEpochSecond();
    }
}
