package com.certyneo.slack.certyneoapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Extracts a human reason from a Certyneo 4xx body (problem+json {@code detail}/{@code title}, or
 * {@code message}/{@code error_description}/{@code error}), falling back to the HTTP status in words.
 */
final class RejectionReason {

    static final int MAX_LENGTH = 300;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] FIELDS = {"detail", "message", "error_description", "title", "error"};

    private RejectionReason() {
    }

    static String from(int status, String body) {
        String reason = fromBody(body);
        if (reason == null || reason.isBlank()) {
            reason = switch (status) {
                case 400 -> "the request was invalid";
                case 401, 403 -> "this integration is not allowed to re-send this envelope";
                case 404 -> "the envelope was not found";
                case 409 -> "the envelope cannot be re-sent in its current state";
                case 410 -> "the envelope no longer exists";
                default -> "HTTP " + status;
            };
        }
        reason = reason.strip().replaceAll("\\s+", " ");
        return reason.length() <= MAX_LENGTH ? reason : reason.substring(0, MAX_LENGTH - 1) + "…";
    }

    private static String fromBody(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node.has("error") && node.get("error").isObject()) {
                node = node.get("error");
            }
            for (String field : FIELDS) {
                JsonNode value = node.get(field);
                if (value != null && value.isTextual() && !value.asText().isBlank()) {
                    return value.asText();
                }
            }
            return null;
        } catch (Exception notJson) {
            // a short plain-text body is a reason too; HTML error pages are not
            String text = body.strip();
            return text.length() <= MAX_LENGTH && !text.startsWith("<") ? text : null;
        }
    }
}
