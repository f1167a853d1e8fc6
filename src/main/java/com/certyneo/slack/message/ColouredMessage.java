package com.certyneo.slack.message;

import java.util.Map;

import com.certyneo.slack.event.EventType;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one shape of every message the service posts (SPEC section 3): a {@code chat.postMessage} body, without the
 * {@code channel}, made of a single legacy attachment holding the colour bar, the plain-text fallback and the Block
 * Kit blocks, with unfurling off.
 * <p>
 * There is deliberately no top-level {@code text}. Slack shows a message's top-level {@code text} as its body
 * unless the message has top-level {@code blocks}; with only an attachment, the line appeared twice, once as
 * {@code text} and once in the attachment's section. Top-level blocks would hide {@code text} but leave the colour
 * bar with nothing beside it: the bar only exists on a legacy attachment and runs along that attachment's content.
 * So the content stays in the attachment and the plain-text summary goes in the attachment's {@code fallback},
 * which Slack documents for exactly this case: the text of notifications and of clients that cannot show the
 * attachment (chat.postMessage takes {@code attachments} alone as the message's content).
 */
public final class ColouredMessage {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** The colour bar of each event type (SPEC section 3; Slack's own palette where it has one). */
    private static final Map<EventType, String> COLORS = Map.of(
            EventType.COMPLETED, "#2EB67D", // green
            EventType.DECLINED, "#E01E5A", // red
            EventType.EXPIRED, "#ECB22E", // amber
            EventType.SENT, "#36C5F0", // blue
            EventType.RECIPIENT_SIGNED, "#7C3AED"); // purple

    private ColouredMessage() {
    }

    /** The colour bar of {@code type}'s messages, digests and thread cards alike. */
    public static String color(EventType type) {
        return COLORS.get(type);
    }

    /**
     * A message whose blocks run beside a bar of {@code color} ({@code #RRGGBB}); {@code fallback} is the plain
     * line (escaped like mrkdwn, no {@code *bold*}), cut to 3000 characters; blocks beyond Slack's 50 are left out.
     */
    public static ObjectNode of(String color, String fallback, ArrayNode blocks) {
        // never more than Slack accepts, whatever a caller adds one day
        while (blocks.size() > SlackText.BLOCKS_MAX) {
            blocks.remove(blocks.size() - 1);
        }
        ObjectNode body = JSON.objectNode();
        ObjectNode attachment = body.putArray("attachments").addObject();
        attachment.put("color", color);
        attachment.put("fallback", SlackText.truncate(fallback, SlackText.SECTION_TEXT_MAX));
        attachment.set("blocks", blocks);
        // the envelope URL must not unfurl into a preview card under every message
        body.put("unfurl_links", false);
        body.put("unfurl_media", false);
        return body;
    }

    /**
     * A {@code verbatim} mrkdwn section block, its text cut to Slack's 3000: a URL or #channel in Certyneo data stays
     * plain text.
     */
    public static ObjectNode section(String mrkdwn) {
        ObjectNode block = JSON.objectNode().put("type", "section");
        block.putObject("text").put("type", "mrkdwn").put("text", SlackText.truncate(mrkdwn,
                SlackText.SECTION_TEXT_MAX)).put("verbatim", true);
        return block;
    }
}
