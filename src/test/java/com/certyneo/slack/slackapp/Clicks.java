package com.certyneo.slack.slackapp;

import static io.restassured.RestAssured.given;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.restassured.response.Response;

/** Builds Slack interactivity requests shaped like Slack's, signed with the test signing secret. */
public final class Clicks {

    static final String SIGNING_SECRET = "test-signing-secret";
    public static final String CHANNEL = "C0GENERAL";
    static final String MESSAGE_TS = "1764151200.000100";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong CLICKS = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    private Clicks() {
    }

    /** A block_actions payload for a click on the button {@code actionId} carrying {@code value}. */
    public static String payload(String teamId, String userId, String actionId, String value, String responseUrl) {
        ObjectNode root = JSON.createObjectNode();
        root.put("type", "block_actions");
        root.putObject("user").put("id", userId).put("username", "someone").put("name", "someone")
                .put("team_id", teamId);
        root.put("api_app_id", "A0FAKEAPP");
        root.put("token", "legacy-verification-token");
        root.putObject("container").put("type", "message").put("message_ts", MESSAGE_TS).put("channel_id", CHANNEL)
                .put("is_ephemeral", false);
        // every click has its own trigger_id and action_ts, as in Slack: they identify the click
        long click = CLICKS.incrementAndGet();
        root.put("trigger_id", "1337." + click + ".abcdef");
        root.putObject("team").put("id", teamId).put("domain", "acme");
        root.putNull("enterprise");
        root.put("is_enterprise_install", false);
        root.putObject("channel").put("id", CHANNEL).put("name", "general");
        root.putObject("message").put("type", "message").put("ts", MESSAGE_TS).put("text", "Document expired");
        root.putObject("state").putObject("values");
        root.put("response_url", responseUrl);
        ObjectNode action = root.putArray("actions").addObject();
        action.put("action_id", actionId).put("block_id", "envelope-actions").put("value", value)
                .put("type", "button").put("action_ts", "1764151260." + String.format("%06d", click % 1_000_000));
        action.putObject("text").put("type", "plain_text").put("text", "Re-send").put("emoji", true);
        return root.toString();
    }

    public static String form(String payloadJson) {
        return "payload=" + URLEncoder.encode(payloadJson, StandardCharsets.UTF_8);
    }

    /** POSTs the form body signed now with the right secret. */
    static Response post(String formBody) {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        return post(formBody, timestamp, SlackSignatureVerifier.sign(SIGNING_SECRET, timestamp, formBody));
    }

    static Response post(String formBody, String timestamp, String signature) {
        var request = given().contentType("application/x-www-form-urlencoded; charset=utf-8")
                // sent as is: the exact characters that were signed (all ASCII once URL-encoded)
                .body(formBody);
        if (timestamp != null) {
            request.header("X-Slack-Request-Timestamp", timestamp);
        }
        if (signature != null) {
            request.header("X-Slack-Signature", signature);
        }
        return request.when().post("/slack/interactions");
    }

    static Response resend(String teamId, String userId, String envelopeId, String responseUrl) {
        return post(form(payload(teamId, userId, Interaction.RESEND_ACTION, envelopeId, responseUrl)));
    }
}
