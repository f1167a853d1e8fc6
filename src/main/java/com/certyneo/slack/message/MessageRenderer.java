package com.certyneo.slack.message;

import static com.certyneo.slack.message.SlackText.value;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.certyneo.slack.event.EnvelopeEvent;
import com.certyneo.slack.event.EnvelopeEvent.Signer;
import com.certyneo.slack.event.EventType;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns a Certyneo event, and the admin test message, into the body of one {@code chat.postMessage} (SPEC
 * section 3), without the
 * {@code channel}, which the caller adds. Pure: no I/O, no clock, same input → same JSON (golden tests).
 * <p>
 * Shape: a top-level {@code text} (notifications, screen readers, clients without Block Kit) and one
 * legacy attachment carrying the colour bar and the Block Kit blocks, so the bar runs along the message.
 * The event was read tolerantly ({@link EnvelopeEvent}): a missing field degrades the message ("Untitled
 * document", "a signer", no button) instead of losing it. Every Certyneo string is escaped
 * ({@link SlackText#value}), cut to Slack's limits, and put in {@code verbatim} mrkdwn so that Slack does
 * not turn URLs or channel names in it into links.
 */
public final class MessageRenderer {

    /** Colour bar per event type (Slack's own palette where it has one). */
    private static final Map<EventType, String> COLORS = Map.of(
            EventType.COMPLETED, "#2EB67D", // green
            EventType.DECLINED, "#E01E5A", // red
            EventType.EXPIRED, "#ECB22E", // amber
            EventType.SENT, "#36C5F0", // blue
            EventType.RECIPIENT_SIGNED, "#7C3AED"); // purple
    private static final String TEST_COLOR = "#616061"; // grey

    /** action_id of the interactive Re-send button (SPEC section 5); its value is the envelope id. */
    public static final String RESEND_ACTION = "envelope.resend";
    private static final String OPEN_PROOF_ACTION = "envelope.open_proof";
    private static final String OPEN_ENVELOPE_ACTION = "envelope.open";

    private static final String UNTITLED = "Untitled document";
    private static final String A_SIGNER = "a signer";
    private static final int TITLE_MAX = 250;
    private static final int NAME_MAX = 80;
    private static final int REASON_MAX = 1000;
    private static final int NAMES_SHOWN = 10;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** One of the five events, as {@link EnvelopeEvent#read} reads it from the webhook body, in {@code language}. */
    public ObjectNode render(EnvelopeEvent event, Language language) {
        EventType type = event.type();
        String title = event.title() == null ? UNTITLED : value(event.title(), TITLE_MAX);
        List<Signer> signers = event.signers() == null ? List.of() : event.signers();

        // each line is built twice: with *bold* for the blocks, plain for the text fallback
        Line line;
        ObjectNode button = null;
        switch (type) {
            case COMPLETED -> {
                line = b -> "✅ Document " + b.apply(title) + " signed by every signer.";
                if (event.proofPdfUrl() != null) {
                    button = linkButton("Download the eIDAS proof PDF", event.proofPdfUrl(), OPEN_PROOF_ACTION,
                            "primary");
                }
            }
            case DECLINED -> {
                String who = name(event.actor(), A_SIGNER);
                String reason = event.declineReason();
                line = b -> "❌ Document " + b.apply(title) + " declined by " + b.apply(who) + "."
                        + (reason == null ? " No reason given." : " Reason: " + b.apply(value(reason, REASON_MAX)));
                if (event.envelopeUrl() != null) {
                    button = linkButton("Open envelope", event.envelopeUrl(), OPEN_ENVELOPE_ACTION, null);
                }
            }
            case EXPIRED -> {
                List<String> missing = names(signers, false);
                String list = SlackText.nameList(missing, NAMES_SHOWN, NAME_MAX);
                line = b -> "⏰ Document " + b.apply(title) + " expired without full signature."
                        + (missing.isEmpty() ? "" : " Missing signers: " + b.apply(list));
                if (event.envelopeId() != null) {
                    button = resendButton(event.envelopeId());
                }
            }
            case SENT -> {
                List<String> all = names(signers, null);
                String list = SlackText.nameList(all, NAMES_SHOWN, NAME_MAX);
                line = b -> "📤 Document " + b.apply(title) + " sent to "
                        + (all.isEmpty() ? "its signers" : b.apply(list));
            }
            default -> { // RECIPIENT_SIGNED
                String who = name(event.actor(), "A signer");
                long signed = signers.stream().filter(Signer::signed).count();
                // k/N only when the signers are known
                String count = signers.isEmpty() ? "" : " (" + signed + "/" + signers.size() + " signatures collected)";
                line = b -> "✍️ " + b.apply(who) + " just signed document " + b.apply(title) + count;
            }
        }
        return message(COLORS.get(type), line, button);
    }

    /** A message line, given how to mark a value bold. */
    @FunctionalInterface
    interface Line {
        String with(UnaryOperator<String> bold);
    }

    /** The admin test message (SPEC sections 3 and 4): says it is a test and names the Certyneo account. */
    public ObjectNode renderTest(String accountId, Language language) {
        String account = value(accountId, 100);
        return message(TEST_COLOR, b -> "🧪 This is a test message from Certyneo for the Certyneo account "
                + b.apply(account) + ". Envelope events will be posted in this channel.", null);
    }

    private static ObjectNode message(String color, Line line, ObjectNode button) {
        String section = SlackText.truncate(line.with(v -> "*" + v + "*"), SlackText.SECTION_TEXT_MAX);
        ArrayNode blocks = JSON.arrayNode();
        ObjectNode sectionBlock = blocks.addObject().put("type", "section");
        // verbatim: a URL or #channel in Certyneo data stays plain text
        sectionBlock.putObject("text").put("type", "mrkdwn").put("text", section).put("verbatim", true);
        if (button != null) {
            blocks.addObject().put("type", "actions").putArray("elements").add(button);
        }
        // never more than Slack accepts, whatever is added above one day
        while (blocks.size() > SlackText.BLOCKS_MAX) {
            blocks.remove(blocks.size() - 1);
        }
        String fallback = SlackText.truncate(line.with(UnaryOperator.identity()), SlackText.SECTION_TEXT_MAX);
        ObjectNode body = JSON.objectNode();
        body.put("text", fallback);
        ObjectNode attachment = body.putArray("attachments").addObject();
        attachment.put("color", color);
        attachment.put("fallback", fallback);
        attachment.set("blocks", blocks);
        // the envelope URL must not unfurl into a preview card under every message
        body.put("unfurl_links", false);
        body.put("unfurl_media", false);
        return body;
    }

    private static ObjectNode linkButton(String label, String url, String actionId, String style) {
        ObjectNode button = button(label, actionId);
        // EnvelopeEvent keeps only https URLs of at most 3000 characters on the envelope's host
        button.put("url", url);
        if (style != null) {
            button.put("style", style);
        }
        return button;
    }

    private static ObjectNode resendButton(String envelopeId) {
        ObjectNode button = button("Re-send", RESEND_ACTION);
        // Slack caps a button value at 2000 characters; envelope ids are short
        button.put("value", SlackText.truncate(envelopeId, 2000));
        return button;
    }

    private static ObjectNode button(String label, String actionId) {
        ObjectNode button = JSON.objectNode().put("type", "button");
        button.putObject("text").put("type", "plain_text").put("text", SlackText.truncate(label,
                SlackText.BUTTON_TEXT_MAX)).put("emoji", true);
        button.put("action_id", actionId);
        return button;
    }

    /** Names of signers: all ({@code signed == null}), only signed, or only not signed (raw, not escaped). */
    private static List<String> names(List<Signer> signers, Boolean signed) {
        List<String> out = new ArrayList<>();
        for (Signer s : signers) {
            if (signed == null || signed == s.signed()) {
                out.add(s.name() == null ? A_SIGNER : s.name());
            }
        }
        return out;
    }

    /** A person's name escaped and cut, or the fallback. */
    private static String name(String raw, String fallback) {
        return raw == null ? fallback : value(raw, NAME_MAX);
    }
}
