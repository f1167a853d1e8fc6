package com.certyneo.slack.local.sandbox;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

/**
 * What Slack sends to the service, signed with the signing secret as Slack signs (v0): Events API callbacks
 * ({@code member_joined_channel}, {@code app_uninstalled}) and interactivity payloads ({@code block_actions}, as the
 * form field {@code payload}). Each completes with the service's HTTP status.
 */
final class SlackCallbacks {

    private final WebClient client;
    private final String baseUrl;
    private final String signingSecret;
    private final SlackWorkspace workspace;
    private final Clock clock;

    SlackCallbacks(WebClient client, String baseUrl, String signingSecret, SlackWorkspace workspace, Clock clock) {
        this.client = client;
        this.baseUrl = baseUrl;
        this.signingSecret = signingSecret;
        this.workspace = workspace;
        this.clock = clock;
    }

    /** The bot joins {@code channelId} (someone typed /invite @Certyneo there). */
    Future<Integer> memberJoined(String channelId) {
        workspace.join(channelId);
        return event(new JsonObject().put("type", "member_joined_channel").put("user", SlackWorkspace.BOT_USER_ID)
                .put("channel", channelId).put("channel_type", "C").put("team", SlackWorkspace.TEAM_ID)
                .put("inviter", SlackWorkspace.ADMIN_USER_ID));
    }

    /** The workspace admin removes the app: its tokens stop working, and Slack says so. */
    Future<Integer> appUninstalled() {
        workspace.uninstall();
        return event(new JsonObject().put("type", "app_uninstalled"));
    }

    /** A click on an interactive button of {@code message} in {@code channelId}; replies go to responseUrl. */
    Future<Integer> click(String channelId, JsonObject message, JsonObject button, String responseUrl) {
        long now = clock.instant().getEpochSecond();
        JsonObject payload = new JsonObject().put("type", "block_actions")
                .put("team", new JsonObject().put("id", SlackWorkspace.TEAM_ID).put("domain", "acme-sandbox"))
                .put("user", new JsonObject().put("id", SlackWorkspace.ADMIN_USER_ID).put("username", "you")
                        .put("team_id", SlackWorkspace.TEAM_ID))
                .put("api_app_id", SlackWorkspace.APP_ID).put("trigger_id", now + "." + workspace.hex(6))
                .put("container", new JsonObject().put("type", "message").put("message_ts", message.getString("ts"))
                        .put("channel_id", channelId).put("is_ephemeral", false))
                .put("channel", new JsonObject().put("id", channelId))
                .put("message", new JsonObject().put("ts", message.getString("ts")).put("type", "message"))
                .put("response_url", responseUrl)
                .put("actions", new JsonArray().add(new JsonObject().put("type", "button")
                        .put("action_id", button.getString("action_id")).put("block_id", "sbx")
                        .put("value", button.getString("value")).put("action_ts", now + "." + workspace.hex(3))));
        String body = "payload=" + URLEncoder.encode(payload.encode(), StandardCharsets.UTF_8);
        return send("/slack/interactions", "application/x-www-form-urlencoded", body);
    }

    private Future<Integer> event(JsonObject event) {
        long now = clock.instant().getEpochSecond();
        event.put("event_ts", now + ".000100");
        JsonObject callback = new JsonObject().put("token", "sandbox-verification-token")
                .put("team_id", SlackWorkspace.TEAM_ID).put("api_app_id", SlackWorkspace.APP_ID).put("event", event)
                .put("type", "event_callback").put("event_id", "Ev" + workspace.hex(5).toUpperCase())
                .put("event_time", now);
        return send("/slack/events", "application/json", callback.encode());
    }

    private Future<Integer> send(String path, String contentType, String body) {
        long timestamp = clock.instant().getEpochSecond();
        return client.postAbs(baseUrl + path).putHeader("Content-Type", contentType)
                .putHeader("X-Slack-Request-Timestamp", Long.toString(timestamp))
                .putHeader("X-Slack-Signature", Signatures.slack(signingSecret, timestamp, body))
                .sendBuffer(Buffer.buffer(body)).map(response -> response.statusCode());
    }
}
