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
 * One burst digest (SPEC section 3.2): several events of one type in one {@code chat.postMessage} body, without the
 * {@code channel}. Pure. Same shape as {@link MessageRenderer}'s messages: a plain {@code text} fallback ("📤 12
 * documents sent: A (to Alice), B (to Bob), C (to Chloé) and 9 more"), one attachment with the type's colour bar and
 * the blocks (a headline, then one section per event with its own button: proof PDF, open envelope, Re-send), unfurling
 * off. Every Certyneo value is escaped and cut ({@link SlackText}), in verbatim mrkdwn; the blocks never exceed Slack's
 * 50 (events beyond end in "… and N more"). English or French, with their plural forms.
 */
public final class DigestRenderer {

    private static final Map<EventType, String> EMOJI = Map.of(EventType.COMPLETED, "✅", EventType.DECLINED, "❌",
            EventType.EXPIRED, "⏰", EventType.SENT, "📤", EventType.RECIPIENT_SIGNED, "✍️");
    private static final int TITLE_MAX = 150;
    private static final int NAME_MAX = 80;
    private static final int REASON_MAX = 300;
    private static final int NAMES_SHOWN = 5;
    /** Events named in the fallback text (a notification): the rest is "and N more". */
    private static final int FALLBACK_SHOWN = 3;
    /** French puts a (no-break) space before a colon. */
    private static final String FR_COLON = "\u00a0:";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** {@code events} all of {@code type}, in the order they were accepted. */
    public ObjectNode render(EventType type, List<EnvelopeEvent> events, Language language) {
        boolean fr = language == Language.FR;
        int n = events.size();
        String headline = EMOJI.get(type) + " " + headline(type, n, fr);

        ArrayNode blocks = JSON.arrayNode();
        section(blocks, "*" + headline + "*");
        // the headline, a block per event, and when they do not all fit in Slack's 50, "… and N more" last
        int shown = 1 + n <= SlackText.BLOCKS_MAX ? n : SlackText.BLOCKS_MAX - 2;
        for (EnvelopeEvent event : events.subList(0, shown)) {
            ObjectNode section = section(blocks, "• " + item(type, event, fr).with(v -> "*" + v + "*"));
            ObjectNode button = button(type, event, fr);
            if (button != null) {
                section.set("accessory", button);
            }
        }
        if (shown < n) {
            blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn")
                    .put("text", "… " + (fr ? "et " : "and ") + more(n - shown, fr)).put("verbatim", true);
        }

        List<String> parts = new ArrayList<>();
        for (EnvelopeEvent event : events.subList(0, Math.min(FALLBACK_SHOWN, n))) {
            parts.add(brief(type, event, fr));
        }
        String fallback = SlackText.truncate(headline + (fr ? FR_COLON : ":") + " "
                + join(parts, n - parts.size(), fr), SlackText.SECTION_TEXT_MAX);
        return ColouredMessage.of(ColouredMessage.color(type), fallback, blocks);
    }

    /** "12 documents sent", "7 signatures recueillies"… */
    static String headline(EventType type, int n, boolean fr) {
        boolean many = fr ? n > 1 : n != 1;
        String s = many ? "s" : "";
        String doc = n + " document" + s + " ";
        return switch (type) {
            case SENT -> doc + (fr ? "envoyé" + s : "sent");
            case RECIPIENT_SIGNED -> n + " signature" + s + " " + (fr ? "recueillie" + s : "collected");
            case COMPLETED -> doc + (fr ? "signé" + s + " par tous les signataires" : "signed by every signer");
            case DECLINED -> doc + (fr ? "refusé" + s : "declined");
            case EXPIRED -> doc + (fr ? "expiré" + s + " sans signature complète" : "expired without full signature");
        };
    }

    /** A line given how to mark a value bold. */
    @FunctionalInterface
    interface Line {
        String with(UnaryOperator<String> bold);
    }

    /** One event's line in the blocks. */
    private static Line item(EventType type, EnvelopeEvent e, boolean fr) {
        String title = title(e, fr);
        List<Signer> signers = e.signers() == null ? List.of() : e.signers();
        return switch (type) {
            case SENT -> {
                String to = names(signers, null, NAMES_SHOWN, fr);
                yield b -> b.apply(title) + (to.isEmpty() ? "" : (fr ? " à " : " to ") + b.apply(to));
            }
            case RECIPIENT_SIGNED -> {
                String who = name(e.actor(), fr ? "Un signataire" : "A signer");
                long k = signers.stream().filter(Signer::signed).count();
                String count = signers.isEmpty()
                        ? ""
                        : fr
                                ? " (" + k + " signature" + (k > 1 ? "s" : "") + " sur " + signers.size() + ")"
                                : " (" + k + "/" + signers.size() + " signatures)";
                yield b -> b.apply(who) + (fr ? " a signé " : " signed ") + b.apply(title) + count;
            }
            case COMPLETED -> b -> b.apply(title);
            case DECLINED -> {
                String who = name(e.actor(), fr ? "un signataire" : "a signer");
                String reason = e.declineReason();
                yield b -> b.apply(title) + (fr ? " refusé par " : " declined by ") + b.apply(who) + "."
                        + (reason == null
                                ? (fr ? " Aucun motif indiqué." : " No reason given.")
                                : (fr ? " Motif" + FR_COLON + " " : " Reason: ") + b.apply(value(reason, REASON_MAX)));
            }
            case EXPIRED -> {
                String missing = names(signers, false, NAMES_SHOWN, fr);
                yield b -> b.apply(title) + (missing.isEmpty()
                        ? ""
                        : (fr
                                ? " — signataires manquants" + FR_COLON
                                : " — missing signers:") + " " + b.apply(missing));
            }
        };
    }

    /** One event in the fallback text: "A (to Alice)", "A (par Bob)", "A". */
    private static String brief(EventType type, EnvelopeEvent e, boolean fr) {
        String title = title(e, fr);
        List<Signer> signers = e.signers() == null ? List.of() : e.signers();
        String detail = switch (type) {
            case SENT -> {
                String to = names(signers, null, 1, fr);
                yield to.isEmpty() ? "" : (fr ? "à " : "to ") + to;
            }
            case RECIPIENT_SIGNED, DECLINED -> (fr ? "par " : "by ")
                    + name(e.actor(), fr ? "un signataire" : "a signer");
            default -> "";
        };
        return detail.isEmpty() ? title : title + " (" + detail + ")";
    }

    private static ObjectNode button(EventType type, EnvelopeEvent e, boolean fr) {
        return switch (type) {
            case COMPLETED -> e.proofPdfUrl() == null
                    ? null
                    : link(fr
                            ? "Télécharger la preuve eIDAS (PDF)"
                            : "Download the eIDAS proof PDF", e.proofPdfUrl(), "envelope.open_proof");
            case DECLINED -> e.envelopeUrl() == null
                    ? null
                    : link(fr ? "Ouvrir l’enveloppe" : "Open envelope",
                            e.envelopeUrl(), "envelope.open");
            case EXPIRED -> e.envelopeId() == null
                    ? null
                    : base(fr ? "Renvoyer" : "Re-send",
                            MessageRenderer.RESEND_ACTION).put("value", SlackText.truncate(e.envelopeId(), 2000));
            default -> null;
        };
    }

    private static ObjectNode link(String label, String url, String actionId) {
        // EnvelopeEvent keeps only https URLs of at most 3000 characters on the envelope's own host
        return base(label, actionId).put("url", url);
    }

    private static ObjectNode base(String label, String actionId) {
        ObjectNode button = JSON.objectNode().put("type", "button");
        button.putObject("text").put("type", "plain_text")
                .put("text", SlackText.truncate(label, SlackText.BUTTON_TEXT_MAX)).put("emoji", true);
        return button.put("action_id", actionId);
    }

    private static ObjectNode section(ArrayNode blocks, String mrkdwn) {
        ObjectNode section = blocks.addObject().put("type", "section");
        section.putObject("text").put("type", "mrkdwn")
                .put("text", SlackText.truncate(mrkdwn, SlackText.SECTION_TEXT_MAX)).put("verbatim", true);
        return section;
    }

    private static String title(EnvelopeEvent e, boolean fr) {
        return e.title() == null ? (fr ? "Document sans titre" : "Untitled document") : value(e.title(), TITLE_MAX);
    }

    private static String name(String raw, String fallback) {
        return raw == null ? fallback : value(raw, NAME_MAX);
    }

    /** Escaped names of all signers ({@code signed} null), or of those (not) signed: "A, B and 3 more". */
    private static String names(List<Signer> signers, Boolean signed, int most, boolean fr) {
        List<String> out = new ArrayList<>();
        for (Signer s : signers) {
            if (signed == null || signed == s.signed()) {
                out.add(name(s.name(), fr ? "un signataire" : "a signer"));
            }
        }
        List<String> shown = out.subList(0, Math.min(most, out.size()));
        return join(shown, out.size() - shown.size(), fr);
    }

    /** "A, B and C"; "A, B, C and 9 more" / "A, B et C"; "A, B, C et 9 autres". */
    static String join(List<String> items, int rest, boolean fr) {
        StringBuilder out = new StringBuilder();
        String and = fr ? " et " : " and ";
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(i == items.size() - 1 && rest == 0 ? and : ", ");
            }
            out.append(items.get(i));
        }
        return rest > 0 ? out.append(and).append(more(rest, fr)).toString() : out.toString();
    }

    /** "9 more" / "9 autres". */
    private static String more(int n, boolean fr) {
        return n + (fr ? (n > 1 ? " autres" : " autre") : " more");
    }
}
