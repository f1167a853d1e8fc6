package com.certyneo.slack.message;

import static com.certyneo.slack.message.SlackText.value;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import com.certyneo.slack.event.EnvelopeEvent;
import com.certyneo.slack.event.EnvelopeEvent.Signer;
import com.certyneo.slack.event.EventType;
import com.certyneo.slack.message.MessageWords.Line;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns a Certyneo event, and the admin test message, into the body of one {@code chat.postMessage} (SPEC
 * section 3), without the
 * {@code channel}, which the caller adds. Pure: no I/O, no clock, same input → same JSON (golden tests).
 * <p>
 * Shape: one legacy attachment carrying the colour bar, the plain-text fallback and the Block Kit blocks
 * ({@link ColouredMessage}: why there is no top-level {@code text}). Words in the installation's language
 * ({@link MessageWords}).
 * The event was read tolerantly ({@link EnvelopeEvent}): a missing field degrades the message ("Untitled
 * document", "a signer", no button) instead of losing it. Every Certyneo string is escaped
 * ({@link SlackText#value}), cut to Slack's limits, and put in {@code verbatim} mrkdwn so that Slack does
 * not turn URLs or channel names in it into links.
 */
public final class MessageRenderer {

    private static final String TEST_COLOR = "#616061"; // grey

    /** action_id of the interactive Re-send button (SPEC section 5); its value is the envelope id. */
    public static final String RESEND_ACTION = "envelope.resend";
    private static final String OPEN_PROOF_ACTION = "envelope.open_proof";
    private static final String OPEN_ENVELOPE_ACTION = "envelope.open";

    private static final int TITLE_MAX = 250;
    private static final int NAME_MAX = 80;
    private static final int REASON_MAX = 1000;
    private static final int NAMES_SHOWN = 10;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** One of the five events, as {@link EnvelopeEvent#read} reads it from the webhook body, in {@code language}. */
    public ObjectNode render(EnvelopeEvent event, Language language) {
        Language l = language;
        EventType type = event.type();
        String title = event.title() == null ? MessageWords.untitled(l) : value(event.title(), TITLE_MAX);
        List<Signer> signers = event.signers() == null ? List.of() : event.signers();

        Line line;
        ObjectNode button = null;
        switch (type) {
            case COMPLETED -> {
                line = MessageWords.completed(l, title);
                if (event.proofPdfUrl() != null) {
                    button = linkButton(MessageWords.proofButton(l), event.proofPdfUrl(), OPEN_PROOF_ACTION,
                            "primary");
                }
            }
            case DECLINED -> {
                String reason = event.declineReason() == null ? null : value(event.declineReason(), REASON_MAX);
                line = MessageWords.declined(l, title, name(event.actor(), MessageWords.aSigner(l)), reason);
                if (event.envelopeUrl() != null) {
                    button = linkButton(MessageWords.openButton(l), event.envelopeUrl(), OPEN_ENVELOPE_ACTION, null);
                }
            }
            case EXPIRED -> {
                List<String> missing = names(signers, false, l);
                line = MessageWords.expired(l, title, missing.size(),
                        SlackText.nameList(missing, NAMES_SHOWN, NAME_MAX, l));
                if (event.envelopeId() != null) {
                    button = resendButton(event.envelopeId(), l);
                }
            }
            case SENT -> line = MessageWords.sent(l, title,
                    SlackText.nameList(names(signers, null, l), NAMES_SHOWN, NAME_MAX, l));
            default -> { // RECIPIENT_SIGNED; k/N only when the signers are known
                long signed = signers.stream().filter(Signer::signed).count();
                line = MessageWords.signed(l, name(event.actor(), MessageWords.aSignerFirst(l)), title, signed,
                        signers.size());
            }
        }
        return message(ColouredMessage.color(type), line, button);
    }

    /** The admin test message (SPEC sections 3 and 4): says it is a test and names the Certyneo account. */
    public ObjectNode renderTest(String accountId, Language language) {
        return message(TEST_COLOR, MessageWords.test(language, value(accountId, 100)), null);
    }

    /** Each line built twice: with *bold* values for the section, plain for the fallback. */
    private static ObjectNode message(String color, Line line, ObjectNode button) {
        ArrayNode blocks = JSON.arrayNode();
        blocks.add(ColouredMessage.section(line.with(v -> "*" + v + "*")));
        if (button != null) {
            blocks.addObject().put("type", "actions").putArray("elements").add(button);
        }
        return ColouredMessage.of(color, line.with(UnaryOperator.identity()), blocks);
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

    private static ObjectNode resendButton(String envelopeId, Language language) {
        ObjectNode button = button(MessageWords.resendButton(language), RESEND_ACTION);
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
    private static List<String> names(List<Signer> signers, Boolean signed, Language language) {
        List<String> out = new ArrayList<>();
        for (Signer s : signers) {
            if (signed == null || signed == s.signed()) {
                out.add(s.name() == null ? MessageWords.aSigner(language) : s.name());
            }
        }
        return out;
    }

    /** A person's name escaped and cut, or the fallback. */
    private static String name(String raw, String fallback) {
        return raw == null ? fallback : value(raw, NAME_MAX);
    }
}
