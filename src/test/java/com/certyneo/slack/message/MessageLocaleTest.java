package com.certyneo.slack.message;

import static com.certyneo.slack.message.MessageRendererTest.event;
import static com.certyneo.slack.message.MessageRendererTest.signer;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.certyneo.slack.event.EnvelopeEvent;
import com.certyneo.slack.event.EventType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * SPEC section 3, Locale: every text the renderer writes exists in French and English, with the plural forms and
 * list joining of each language, the same escaping and the same Slack limits.
 */
class MessageLocaleTest {

    /** Words English and French share (« signer » is the French verb): they may appear in both renderings. */
    private static final Set<String> COGNATES = Set.of("document", "certyneo", "eidas", "pdf", "signature",
            "signatures", "message", "test", "signer");
    private static final Pattern WORD = Pattern.compile("\\p{L}{2,}");

    private final MessageRenderer renderer = new MessageRenderer();

    @Test
    void frenchSignatureCountsTakeTheSingularForZeroAndOneAndEnglishAgreesWithTheTotal() {
        assertThat(section(signedOf(1, 3), Language.FR)).endsWith("(1 signature sur 3)");
        assertThat(section(signedOf(2, 3), Language.FR)).endsWith("(2 signatures sur 3)");
        assertThat(section(signedOf(0, 3), Language.FR)).endsWith("(0 signature sur 3)");
        assertThat(section(signedOf(1, 3), Language.EN)).endsWith("(1/3 signatures collected)");
        assertThat(section(signedOf(0, 3), Language.EN)).endsWith("(0/3 signatures collected)");
        assertThat(section(signedOf(1, 1), Language.EN)).endsWith("(1/1 signature collected)");
        assertThat(section(signedOf(1, 1), Language.FR)).endsWith("(1 signature sur 1)");
    }

    @Test
    void languageRulesForPluralsListsAndTheRestOfAList() {
        assertThat(Language.FR.count(0, "signature", "signatures")).isEqualTo("0 signature");
        assertThat(Language.FR.count(1, "signature", "signatures")).isEqualTo("1 signature");
        assertThat(Language.FR.count(2, "signature", "signatures")).isEqualTo("2 signatures");
        assertThat(Language.EN.count(0, "signature", "signatures")).isEqualTo("0 signatures");
        assertThat(Language.EN.count(1, "signature", "signatures")).isEqualTo("1 signature");
        assertThat(Language.FR.join(List.of("Alice", "Bob", "Chloé"))).isEqualTo("Alice, Bob et Chloé");
        assertThat(Language.EN.join(List.of("Alice", "Bob", "Chloé"))).isEqualTo("Alice, Bob and Chloé");
        assertThat(Language.FR.join(List.of("Alice", "Bob"))).isEqualTo("Alice et Bob");
        assertThat(Language.FR.join(List.of("Alice"))).isEqualTo("Alice");
        assertThat(Language.FR.join(List.of())).isEmpty();
        assertThat(Language.FR.andMore(15)).isEqualTo("et 15 autres");
        assertThat(Language.FR.andMore(1)).isEqualTo("et 1 autre");
        assertThat(Language.EN.andMore(15)).isEqualTo("and 15 more");
    }

    @Test
    void longSignerListsEndWithEtNAutresInFrench() {
        assertThat(section(pending(25), "envelope.sent", Language.FR)).contains("P9").doesNotContain("P10")
                .endsWith("P8, P9 et 15 autres*");
        assertThat(section(pending(11), "envelope.expired", Language.FR))
                .endsWith("Signatures manquantes\u00A0: *P0, P1, P2, P3, P4, P5, P6, P7, P8, P9 et 1 autre*");
        assertThat(section(pending(3), "envelope.expired", Language.FR))
                .endsWith("Signatures manquantes\u00A0: *P0, P1 et P2*");
        assertThat(section(pending(1), "envelope.expired", Language.FR)).endsWith("Signature manquante\u00A0: *P0*");
        assertThat(section(pending(1), "envelope.expired", Language.EN)).endsWith("Missing signer: *P0*");
        assertThat(section(pending(25), "envelope.sent", Language.EN)).endsWith(" and 15 more*");
    }

    @Test
    void certyneoDataIsEscapedExactlyAlikeInBothLanguages() {
        String hostile = "<!channel> <@U1> <http://x|y> & co";
        ObjectNode event = event("env_1", hostile, signer("<@U2> Eve", "pending"), signer("Ann", "signed"));
        ((ObjectNode) event.get("data")).putObject("recipient").put("name", "<!here> Eve");
        ((ObjectNode) event.get("data")).put("decline_reason", "<https://evil.example|click me> & <!everyone>");
        for (EventType type : EventType.values()) {
            for (Language l : Language.values()) {
                ObjectNode message = render(event, type.wire(), l);
                assertThat(section(message)).as(type + " " + l)
                        .contains("&lt;!channel&gt; &lt;@U1&gt; &lt;http://x|y&gt; &amp; co").doesNotContain("<");
                assertThat(message.toString()).as(type + " " + l).doesNotContain("<!").doesNotContain("<@")
                        .doesNotContain("<http");
            }
        }
        assertThat(section(render(event, "envelope.declined", Language.FR)))
                .contains("&lt;https://evil.example|click me&gt; &amp; &lt;!everyone&gt;")
                .contains("*&lt;!here&gt; Eve*");
    }

    @Test
    void frenchTextsStayWithinSlackLimitsWhateverTheirLength() {
        ObjectNode[] signers = new ObjectNode[60];
        for (int i = 0; i < signers.length; i++) {
            signers[i] = signer("N".repeat(500) + i, "pending");
        }
        ObjectNode event = event("env_1", "&".repeat(5000), signers);
        ((ObjectNode) event.get("data")).put("decline_reason", "<".repeat(10_000));
        ((ObjectNode) event.get("data")).putObject("recipient").put("name", "R".repeat(10_000));
        ((ObjectNode) event.at("/data/envelope")).put("proof_pdf_url", "https://app.certyneo.com/p.pdf");
        for (EventType type : EventType.values()) {
            ObjectNode message = render(event, type.wire(), Language.FR);
            assertThat(section(message).length()).as(type.wire()).isLessThanOrEqualTo(SlackText.SECTION_TEXT_MAX);
            assertThat(fallback(message).length()).isLessThanOrEqualTo(SlackText.SECTION_TEXT_MAX);
            assertThat(section(message).replace("&amp;", "").replace("&lt;", "").replace("&gt;", ""))
                    .doesNotContain("&");
            assertThat(message.at("/attachments/0/blocks").size()).isLessThanOrEqualTo(SlackText.BLOCKS_MAX);
            for (JsonNode block : message.at("/attachments/0/blocks")) {
                if ("header".equals(block.path("type").asText())) {
                    assertThat(block.at("/text/text").asText().length()).isLessThanOrEqualTo(150);
                }
                for (JsonNode element : block.path("elements")) {
                    assertThat(element.at("/text/text").asText().length()).isLessThanOrEqualTo(
                            SlackText.BUTTON_TEXT_MAX);
                }
            }
        }
    }

    /**
     * Every event type, complete, bare (every optional field missing) and with a long list, plus the test message:
     * the French rendering differs from the English one and contains none of the English rendering's words, so a
     * new text written only in English fails here. Data are made of no words ("T1", "N1"), so every word comes
     * from the templates.
     */
    @Test
    void everyTextOfEveryEventTypeExistsInFrenchWithoutEnglishWordsLeaking() {
        Map<String, ObjectNode[]> cases = new LinkedHashMap<>();
        for (EventType type : EventType.values()) {
            for (Map.Entry<String, ObjectNode> variant : variants().entrySet()) {
                cases.put(type.wire() + " " + variant.getKey(), new ObjectNode[]{
                        render(variant.getValue(), type.wire(), Language.EN),
                        render(variant.getValue(), type.wire(), Language.FR)});
            }
        }
        cases.put("test message", new ObjectNode[]{renderer.renderTest("X1", Language.EN),
                renderer.renderTest("X1", Language.FR)});

        Set<String> english = new TreeSet<>();
        cases.forEach((name, pair) -> {
            assertThat(texts(pair[1])).as(name).doesNotContainAnyElementsOf(texts(pair[0]));
            english.addAll(words(texts(pair[0])));
        });
        english.removeAll(COGNATES);
        assertThat(english).as("the English words the check looks for").contains("signed", "every",
                "declined", "reason", "expired", "missing", "sent", "its", "just", "collected", "more", "untitled",
                "no",
                "download", "open", "envelope", "re", "send", "this", "channel");
        cases.forEach((name, pair) -> assertThat(words(texts(pair[1]))).as(name)
                .doesNotContainAnyElementsOf(english));
    }

    /** Complete, bare, and long-list events; names and titles without letters-only words. */
    private static Map<String, ObjectNode> variants() {
        Map<String, ObjectNode> all = new LinkedHashMap<>();
        ObjectNode complete = event("env_1", "T1", signer("N1", "signed"), signer("N2", "pending"),
                signer("N3", "pending"));
        ((ObjectNode) complete.get("data")).putObject("recipient").put("name", "N1");
        ((ObjectNode) complete.get("data")).put("decline_reason", "R1");
        ((ObjectNode) complete.at("/data/envelope")).put("proof_pdf_url", "https://app.certyneo.com/p.pdf");
        all.put("complete", complete);
        ObjectNode bare = event("env_1", null, signer(null, "signed"), signer(null, "pending"));
        ((ObjectNode) bare.at("/data/envelope")).remove("title");
        all.put("bare", bare);
        ObjectNode noSigners = event("env_1", "T1");
        ((ObjectNode) noSigners.at("/data/envelope")).put("signers", "unknown");
        all.put("without signers", noSigners);
        all.put("long list", pending(25));
        return all;
    }

    private static List<String> texts(ObjectNode message) {
        List<String> texts = new ArrayList<>();
        texts.add(fallback(message));
        for (JsonNode block : message.at("/attachments/0/blocks")) {
            if (block.has("text")) {
                texts.add(block.at("/text/text").asText());
            }
            block.path("elements").forEach(e -> texts.add(e.at("/text/text").asText()));
        }
        return texts;
    }

    private static Set<String> words(List<String> texts) {
        Set<String> words = new TreeSet<>();
        for (String text : texts) {
            Matcher m = WORD.matcher(text.replace("&lt;", " ").replace("&gt;", " ").replace("&amp;", " "));
            while (m.find()) {
                words.add(m.group().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return words;
    }

    private static ObjectNode signedOf(int signed, int total) {
        ObjectNode[] signers = new ObjectNode[total];
        for (int i = 0; i < total; i++) {
            signers[i] = signer("S" + i, i < signed ? "signed" : "pending");
        }
        ObjectNode event = event("env_1", "NDA", signers);
        ((ObjectNode) event.get("data")).putObject("recipient").put("name", "S0");
        return event;
    }

    private static ObjectNode pending(int n) {
        ObjectNode[] signers = new ObjectNode[n];
        for (int i = 0; i < n; i++) {
            signers[i] = signer("P" + i, "pending");
        }
        return event("env_1", "T2", signers);
    }

    private String section(ObjectNode event, Language language) {
        return section(render(event, "recipient.signed", language));
    }

    private String section(ObjectNode event, String type, Language language) {
        return section(render(event, type, language));
    }

    private ObjectNode render(ObjectNode body, String type, Language language) {
        return renderer.render(EnvelopeEvent.read(EventType.fromWire(type).orElseThrow(), body), language);
    }

    private static String section(ObjectNode message) {
        return message.at("/attachments/0/blocks/0/text/text").asText();
    }

    private static String fallback(ObjectNode message) {
        return message.at("/attachments/0/fallback").asText();
    }
}
