package com.certyneo.slack.slackapp;

import com.certyneo.slack.certyneoapi.ResendOutcome;

import io.vertx.core.json.JsonObject;

/**
 * What the clicking user (and channel) read. Success goes to the channel, in the thread of the
 * expired-envelope message, so everyone sees who re-sent; failures and refusals are ephemeral
 * (only the clicker sees them) and never replace the original message.
 */
final class Replies {

    private Replies() {
    }

    static JsonObject resent(Interaction click) {
        JsonObject reply = message("in_channel",
                ":repeat: Re-sent by <@" + click.userId() + ">: Certyneo is sending envelope `" + click.value()
                        + "` to its missing signers again.");
        if (click.messageTs() != null) {
            reply.put("thread_ts", click.messageTs());
        }
        return reply;
    }

    static JsonObject outcome(Interaction click, ResendOutcome outcome) {
        if (outcome instanceof ResendOutcome.Resent) {
            return resent(click);
        }
        if (outcome instanceof ResendOutcome.Rejected rejected) {
            return message("ephemeral",
                    ":warning: <@" + click.userId() + ">, the envelope was not re-sent: Certyneo said \""
                            + escape(rejected.reason()) + "\".");
        }
        return message("ephemeral", ":warning: <@" + click.userId()
                + ">, Certyneo cannot be reached right now, so the envelope was not re-sent. Please try again in a few minutes.");
    }

    static JsonObject alreadyResent(Interaction click, String earlierUserId) {
        String who = earlierUserId.equals(click.userId()) ? "You" : "<@" + earlierUserId + ">";
        return message("ephemeral", ":information_source: " + who
                + " already clicked Re-send for this envelope a moment ago, so it was not sent a second time.");
    }

    static JsonObject refused(Interaction click, String refusal) {
        String text = switch (refusal) {
            case Ownership.FOREIGN_ENVELOPE -> "This envelope does not belong to the Certyneo account connected to"
                    + " this workspace, so it was not re-sent.";
            case Ownership.UNKNOWN_TEAM, Ownership.NOT_CONNECTED -> "This Slack workspace is not connected to"
                    + " Certyneo (any more), so nothing was re-sent. A Certyneo admin can connect it again in"
                    + " Settings → Integrations.";
            default -> "This button could not be used, so nothing was re-sent.";
        };
        return message("ephemeral", ":no_entry: " + text);
    }

    private static JsonObject message(String responseType, String text) {
        return new JsonObject().put("response_type", responseType).put("replace_original", false).put("text", text);
    }

    /** Slack mrkdwn control characters, so that text from Certyneo is shown and never acted on. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
