package com.certyneo.slack.message;

import static com.certyneo.slack.message.SlackText.value;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import com.certyneo.slack.event.EnvelopeEvent;
import com.certyneo.slack.event.EnvelopeEvent.Signer;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The root message of an envelope's thread (SPEC section 3.1): "📄 *X* — sent to Alice, Bob and Chloé · 0/3 signed",
 * coloured by the envelope's state, rendered from the envelope's latest event. The body suits both chat.postMessage
 * and chat.update (the caller adds {@code channel}, and {@code ts} for an update). Pure; escaped and cut like
 * every message ({@link SlackText}).
 */
public final class EnvelopeCard {

    private static final int TITLE_MAX = 250;
    private static final int NAME_MAX = 80;
    private static final int REASON_MAX = 1000;
    private static final int NAMES_SHOWN = 10;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** The card showing the state {@code event} leaves the envelope in. */
    public ObjectNode render(EnvelopeEvent event, Language language) {
        boolean fr = language == Language.FR;
        List<Signer> signers = event.signers();
        String title = event.title() == null
                ? (fr ? "Document sans titre" : "Untitled document")
                : value(event.title(), TITLE_MAX);
        String sentTo = signers == null || signers.isEmpty()
                ? (fr ? "envoyé à ses signataires" : "sent to its signers")
                : (fr ? "envoyé à " : "sent to ") + names(signers, null, language);
        Line state = state(event, language);
        Line line = b -> "📄 " + b.apply(title) + " — " + sentTo + " · " + state.with(b);
        ObjectNode button = switch (event.type()) {
            case COMPLETED -> event.proofPdfUrl() == null
                    ? null
                    : linkButton(fr ? "Télécharger la preuve eIDAS (PDF)" : "Download the eIDAS proof PDF",
                            event.proofPdfUrl());
            case EXPIRED -> event.envelopeId() == null
                    ? null
                    : resendButton(fr ? "Renvoyer" : "Re-send",
                            event.envelopeId());
            default -> null;
        };
        return card(ColouredMessage.color(event.type()), line, button);
    }

    /** A piece of text, given how to mark a value bold (*bold* in the blocks, plain in the fallback text). */
    @FunctionalInterface
    private interface Line {
        String with(UnaryOperator<String> bold);
    }

    /** The state part of the line. */
    private static Line state(EnvelopeEvent event, Language language) {
        boolean fr = language == Language.FR;
        List<Signer> signers = event.signers() == null ? List.of() : event.signers();
        long signed = signers.stream().filter(Signer::signed).count();
        return switch (event.type()) {
            case SENT -> b -> signers.isEmpty()
                    ? (fr ? "en attente des signatures" : "awaiting signatures")
                    : signedCount(signed, signers.size(), language);
            case RECIPIENT_SIGNED -> b -> "✍️ " + (signers.isEmpty()
                    ? (fr ? "signature en cours" : "signing in progress")
                    : signedCount(signed, signers.size(), language));
            case COMPLETED -> b -> fr ? "✅ signé par tous les signataires" : "✅ signed by every signer";
            case DECLINED -> {
                String who = event.actor() == null
                        ? (fr ? "un signataire" : "a signer")
                        : value(event.actor(),
                                NAME_MAX);
                String reason = event.declineReason() == null
                        ? (fr ? "aucun motif indiqué" : "no reason given")
                        : value(event.declineReason(), REASON_MAX);
                yield b -> (fr ? "❌ refusé par " : "❌ declined by ") + b.apply(who) + " — " + reason;
            }
            default -> { // EXPIRED
                List<Signer> missing = signers.stream().filter(s -> !s.signed()).toList();
                String list = names(missing, false, language);
                yield b -> (fr ? "⏰ expiré" : "⏰ expired") + (missing.isEmpty()
                        ? ""
                        : fr
                                ? (missing.size() == 1
                                        ? " — signataire manquant\u00a0: "
                                        : " — signataires manquants\u00a0: ")
                                        + b.apply(list)
                                : " — missing: " + b.apply(list));
            }
        };
    }

    /** "2/3 signed"; in French « 1 signature sur 3 », « 2 signatures sur 3 » (0 and 1 take the singular). */
    static String signedCount(long signed, int total, Language language) {
        if (language == Language.FR) {
            return signed + (signed > 1 ? " signatures sur " : " signature sur ") + total;
        }
        return signed + "/" + total + " signed";
    }

    /** "A, B and C" (« A, B et C »), at most {@link #NAMES_SHOWN}, then "and N more" (« et N autres »). */
    private static String names(List<Signer> signers, Boolean signed, Language language) {
        boolean fr = language == Language.FR;
        List<String> all = new ArrayList<>();
        for (Signer s : signers) {
            if (signed == null || signed == s.signed()) {
                all.add(s.name() == null ? (fr ? "un signataire" : "a signer") : s.name());
            }
        }
        if (!fr) {
            return SlackText.nameList(all, NAMES_SHOWN, NAME_MAX);
        }
        int visible = Math.min(NAMES_SHOWN, all.size());
        int rest = all.size() - visible;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < visible; i++) {
            if (i > 0) {
                out.append(i == visible - 1 && rest == 0 ? " et " : ", ");
            }
            out.append(value(all.get(i), NAME_MAX));
        }
        if (rest > 0) {
            out.append(rest == 1 ? " et 1 autre" : " et " + rest + " autres");
        }
        return out.toString();
    }

    private static ObjectNode card(String color, Line line, ObjectNode button) {
        String section = SlackText.truncate(line.with(v -> "*" + v + "*"), SlackText.SECTION_TEXT_MAX);
        String fallback = SlackText.truncate(line.with(UnaryOperator.identity()), SlackText.SECTION_TEXT_MAX);
        ArrayNode blocks = JSON.arrayNode();
        // verbatim: a URL or #channel in Certyneo data stays plain text
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", section)
                .put("verbatim", true);
        if (button != null) {
            blocks.addObject().put("type", "actions").putArray("elements").add(button);
        }
        return ColouredMessage.of(color, fallback, blocks);
    }

    private static ObjectNode linkButton(String label, String url) {
        ObjectNode button = button(label, "envelope.open_proof");
        // EnvelopeEvent keeps only https URLs of at most 3000 characters on the envelope's host
        return button.put("url", url).put("style", "primary");
    }

    private static ObjectNode resendButton(String label, String envelopeId) {
        // the same action as the per-event Re-send button, handled by the same interaction endpoint
        return button(label, MessageRenderer.RESEND_ACTION).put("value", SlackText.truncate(envelopeId, 2000));
    }

    private static ObjectNode button(String label, String actionId) {
        ObjectNode button = JSON.objectNode().put("type", "button");
        button.putObject("text").put("type", "plain_text").put("text", SlackText.truncate(label,
                SlackText.BUTTON_TEXT_MAX)).put("emoji", true);
        return button.put("action_id", actionId);
    }
}
