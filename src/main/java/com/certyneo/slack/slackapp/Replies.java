package com.certyneo.slack.slackapp;

import static com.certyneo.slack.message.Language.FR;

import com.certyneo.slack.certyneoapi.ResendOutcome;
import com.certyneo.slack.message.Language;

import io.vertx.core.json.JsonObject;

/**
 * What the clicking user (and channel) read, in the installation's language. Success goes to the channel, in the
 * thread of the expired-envelope message, so everyone sees who re-sent; failures and refusals are ephemeral
 * (only the clicker sees them) and never replace the original message. French addresses the user as « vous ».
 */
final class Replies {

    private Replies() {
    }

    static JsonObject resent(Interaction click, Language l) {
        String who = "<@" + click.userId() + ">";
        String envelope = "`" + click.value() + "`";
        JsonObject reply = message("in_channel", l == FR
                ? ":repeat: Renvoyé par " + who + l.colon() + " Certyneo renvoie l'enveloppe " + envelope
                        + " aux signataires qui ne l'ont pas encore signée."
                : ":repeat: Re-sent by " + who + l.colon() + " Certyneo is sending envelope " + envelope
                        + " to its missing signers again.");
        if (click.messageTs() != null) {
            reply.put("thread_ts", click.messageTs());
        }
        return reply;
    }

    static JsonObject outcome(Interaction click, ResendOutcome outcome, Language l) {
        if (outcome instanceof ResendOutcome.Resent) {
            return resent(click, l);
        }
        String who = "<@" + click.userId() + ">";
        if (outcome instanceof ResendOutcome.Rejected rejected) {
            String reason = escape(rejected.reason());
            return message("ephemeral", l == FR
                    ? ":warning: " + who + ", l'enveloppe n'a pas été renvoyée. Réponse de Certyneo" + l.colon()
                            + " «\u00A0" + reason + "\u00A0»."
                    : ":warning: " + who + ", the envelope was not re-sent: Certyneo said \"" + reason + "\".");
        }
        return message("ephemeral", l == FR
                ? ":warning: " + who + ", Certyneo est injoignable pour le moment, l'enveloppe n'a donc pas été"
                        + " renvoyée. Veuillez réessayer dans quelques minutes."
                : ":warning: " + who + ", Certyneo cannot be reached right now, so the envelope was not re-sent."
                        + " Please try again in a few minutes.");
    }

    static JsonObject alreadyResent(Interaction click, String earlierUserId, Language l) {
        boolean self = earlierUserId.equals(click.userId());
        String who = "<@" + earlierUserId + ">";
        String text;
        if (l == FR) {
            text = (self ? "Vous avez" : who + " a") + " déjà cliqué sur Renvoyer pour cette enveloppe il y a un"
                    + " instant, elle n'a donc pas été renvoyée une seconde fois.";
        } else {
            text = (self ? "You" : who) + " already clicked Re-send for this envelope a moment ago, so it was not"
                    + " sent a second time.";
        }
        return message("ephemeral", ":information_source: " + text);
    }

    static JsonObject refused(Interaction click, String refusal, Language l) {
        String text = switch (refusal) {
            case Ownership.FOREIGN_ENVELOPE -> l == FR
                    ? "Cette enveloppe n'appartient pas au compte Certyneo connecté à cet espace de travail, elle n'a"
                            + " donc pas été renvoyée."
                    : "This envelope does not belong to the Certyneo account connected to this workspace, so it was"
                            + " not re-sent.";
            case Ownership.UNKNOWN_TEAM, Ownership.NOT_CONNECTED -> l == FR
                    ? "Cet espace de travail Slack n'est pas (ou plus) connecté à Certyneo, rien n'a donc été"
                            + " renvoyé. Un administrateur Certyneo peut le reconnecter dans Paramètres → Intégrations."
                    : "This Slack workspace is not connected to Certyneo (any more), so nothing was re-sent. A"
                            + " Certyneo admin can connect it again in Settings → Integrations.";
            default -> l == FR
                    ? "Ce bouton n'a pas pu être utilisé, rien n'a donc été renvoyé."
                    : "This button could not be used, so nothing was re-sent.";
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
