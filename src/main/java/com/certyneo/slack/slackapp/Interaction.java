package com.certyneo.slack.slackapp;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;

import com.certyneo.slack.message.MessageRenderer;
import com.certyneo.slack.platform.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The parts of a Slack interactivity payload this service acts on. {@code actionId} and
 * {@code value} come from the first action of a {@code block_actions} payload; the ids are checked
 * against Slack's id shape so that they can be written into mrkdwn and SQL parameters safely.
 */
record Interaction(String type, String teamId, String userId, String actionId, String value, String responseUrl,
        String channelId, String messageTs, String clickKey) {

    static final String BLOCK_ACTIONS = "block_actions";
    /** The Re-send button the renderer puts under an expired envelope. */
    static final String RESEND_ACTION = MessageRenderer.RESEND_ACTION;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SLACK_ID = Pattern.compile("[A-Z0-9]{2,32}");

    /**
     * Certyneo's Idempotency-Key for this click: derived from the click, so a replay of the same signed request (or
     * a retry of ours) carries the same key, whenever it comes.
     */
    String idempotencyKey() {
        return UUID.nameUUIDFromBytes(clickKey.getBytes(StandardCharsets.US_ASCII)).toString();
    }

    boolean isResend() {
        return BLOCK_ACTIONS.equals(type) && RESEND_ACTION.equals(actionId);
    }

    /** Parses the form body Slack sends: {@code payload=<url-encoded JSON>}. */
    static Interaction parse(byte[] formBody) {
        String payload = formField(new String(formBody, StandardCharsets.UTF_8), "payload");
        if (payload == null || payload.isBlank()) {
            throw ProblemException.badRequest("payload", "The form field 'payload' is missing.");
        }
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (Exception e) {
            throw ProblemException.badRequest("payload", "The form field 'payload' is not valid JSON.");
        }
        if (root == null || !root.isObject()) {
            throw ProblemException.badRequest("payload", "The form field 'payload' must be a JSON object.");
        }
        String type = text(root, "type");
        if (type == null) {
            throw ProblemException.badRequest("payload.type", "The payload has no type.");
        }
        String teamId = text(root.path("team"), "id");
        if (teamId == null) {
            teamId = text(root.path("user"), "team_id");
        }
        JsonNode action = root.path("actions").path(0);
        String messageTs = text(root.path("container"), "message_ts");
        if (messageTs == null) {
            messageTs = text(root.path("message"), "ts");
        }
        String channelId = text(root.path("channel"), "id");
        if (channelId == null) {
            channelId = text(root.path("container"), "channel_id");
        }
        String userId = text(root.path("user"), "id");
        String actionId = text(action, "action_id");
        String value = text(action, "value");
        return new Interaction(type, teamId, userId, actionId, value, text(root, "response_url"), channelId,
                messageTs, clickKey(payload, teamId, userId, actionId, value, text(action, "action_ts"),
                        text(root, "trigger_id")));
    }

    /**
     * What makes one click: Slack gives every click its own action_ts and trigger_id. A payload carrying neither is
     * keyed by its whole text, so only a byte-for-byte replay matches it.
     */
    private static String clickKey(String payload, String... parts) {
        String actionTs = parts[4];
        String triggerId = parts[5];
        String material = actionTs == null && triggerId == null
                ? "payload\n" + payload
                : "click\n" + String.join("\n", Arrays.stream(parts).map(p -> p == null ? "" : p).toList());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(material.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** Null when a field needed to act is missing or not shaped like a Slack id; else a description of it. */
    String invalidField() {
        if (teamId == null || !SLACK_ID.matcher(teamId).matches()) {
            return "team.id";
        }
        if (userId == null || !SLACK_ID.matcher(userId).matches()) {
            return "user.id";
        }
        if (responseUrl == null || responseUrl.isBlank()) {
            return "response_url";
        }
        if (channelId != null && !SLACK_ID.matcher(channelId).matches()) {
            return "channel.id";
        }
        if (messageTs != null && !messageTs.matches("[0-9]{1,20}\\.[0-9]{1,20}")) {
            return "container.message_ts";
        }
        return null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static String formField(String body, String name) {
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            try {
                if (name.equals(URLDecoder.decode(key, StandardCharsets.UTF_8))) {
                    return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest(name, "The form body is not URL-encoded.");
            }
        }
        return null;
    }
}
