package com.certyneo.slack.installation;

import com.certyneo.slack.slackapi.SlackResult;

/** Slack outcomes in words a customer admin can act on. */
final class SlackWords {

    private SlackWords() {
    }

    static String explain(SlackResult<?> result, String channelName, String botName) {
        String channel = channelName == null ? "the channel" : "#" + channelName;
        String bot = botName == null ? "the bot" : "@" + botName;
        if (result.isRateLimited()) {
            return "Slack is rate limiting this workspace; try again in "
                    + result.retryAfterDelay().map(d -> d.toSeconds() + " s").orElse("a moment") + ".";
        }
        if (result.isTransient()) {
            return "Slack did not answer properly (" + result.describe() + "); try again in a moment.";
        }
        String code = result.describe();
        return switch (code) {
            case "not_in_channel" ->
                "The bot is not a member of " + channel + ": in Slack, type /invite " + bot + " in "
                        + channel + ", then try again.";
            case "channel_not_found" ->
                channel + " no longer exists or is not visible to the bot; pick another channel.";
            case "is_archived", "channel_is_archived" -> channel + " is archived; pick another channel.";
            case "invalid_auth", "token_revoked", "account_inactive", "not_authed", "token_expired" ->
                "Slack no longer accepts this installation (" + code + "); connect Slack again.";
            case "missing_scope" -> "The Slack app lacks a permission it needs; connect Slack again.";
            default -> "Slack refused the request (" + code + ").";
        };
    }
}
