package com.certyneo.slack.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.certyneo.slack.event.EnvelopeEvent;
import com.certyneo.slack.event.EnvelopeEvent.Signer;
import com.certyneo.slack.event.EventType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The thread root card (SPEC section 3.1) in English and French: golden files under
 * src/test/resources/golden/thread/{en,fr} for the five fixture events (after an intended change:
 * {@code -Dgolden.update=true}, then review the diff), plural forms, escaping and Slack's limits.
 */
class EnvelopeCardTest {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final EnvelopeCard card = new EnvelopeCard();

    @ParameterizedTest
    @CsvSource({"envelope.sent,en", "recipient.signed,en", "envelope.completed,en", "envelope.declined,en",
            "envelope.expired,en", "envelope.sent,fr", "recipient.signed,fr", "envelope.completed,fr",
            "envelope.declined,fr", "envelope.expired,fr"})
    void fixtureEventRendersExactlyTheGoldenCard(String type, String locale) throws IOException {
        JsonNode event = read("/fixtures/events/" + type + ".json");
        ObjectNode produced = card.render(EnvelopeEvent.read(EventType.fromWire(type).orElseThrow(), event),
                Language.fromWire(locale).orElseThrow());
        String name = "thread/" + locale + "/" + type;
        if (Boolean.getBoolean("golden.update")) {
            Path file = Path.of("src/test/resources/golden", name + ".json");
            Files.createDirectories(file.getParent());
            Files.writeString(file, MAPPER.writeValueAsString(produced) + "\n");
        }
        assertThat(produced).isEqualTo(read("/golden/" + name + ".json"));
    }

    @Test
    void frenchCountsSignaturesWithTheRightPluralAndEnglishAsKOfN() {
        assertThat(section(signed(0, 3), Language.FR)).endsWith("· 0 signature sur 3");
        assertThat(section(signed(1, 3), Language.FR)).endsWith("· ✍️ 1 signature sur 3");
        assertThat(section(signed(2, 3), Language.FR)).endsWith("· ✍️ 2 signatures sur 3");
        assertThat(section(signed(2, 3), Language.EN)).endsWith("· ✍️ 2/3 signed");
        assertThat(section(signed(0, 3), Language.EN)).endsWith("· 0/3 signed");
    }

    @Test
    void frenchListsNamesWithEtAndEndsALongListWithTheNumberOfOthers() {
        List<Signer> twelve = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            twelve.add(new Signer("S" + i, "pending", null));
        }
        EnvelopeEvent sent = event(EventType.SENT, "Bail", twelve, null, null);
        assertThat(section(sent, Language.FR)).startsWith("📄 *Bail* — envoyé à S1, S2, S3").contains("S10 et 2 autres")
                .endsWith("· 0 signature sur 12");
        assertThat(section(sent, Language.EN)).contains("S10 and 2 more");
        EnvelopeEvent expired = event(EventType.EXPIRED, "Bail", List.of(new Signer("Ana", "signed", null),
                new Signer("Zoé", "pending", null)), null, null);
        assertThat(section(expired, Language.FR)).endsWith("· ⏰ expiré — signataire manquant\u00a0: *Zoé*");
    }

    @Test
    void certyneoTextIsEscapedAndCutToSlacksLimits() {
        String hostile = "<!channel> <@U1> <http://evil|click> & ".repeat(200);
        EnvelopeEvent declined = event(EventType.DECLINED, hostile, List.of(new Signer(hostile, "declined", null)),
                hostile, hostile);
        for (Language language : Language.values()) {
            ObjectNode body = card.render(declined, language);
            String section = section(body);
            assertThat(section).doesNotContain("<").doesNotContain(">").contains("&lt;!channel&gt;");
            assertThat(section.length()).isLessThanOrEqualTo(SlackText.SECTION_TEXT_MAX);
            assertThat(body.at("/attachments/0/fallback").asText()).doesNotContain("<").hasSizeLessThanOrEqualTo(3000);
        }
    }

    private String section(EnvelopeEvent event, Language language) {
        return section(card.render(event, language));
    }

    private static String section(JsonNode body) {
        return body.path("attachments").path(0).path("blocks").path(0).path("text").path("text").asText();
    }

    private static EnvelopeEvent signed(int k, int n) {
        List<Signer> signers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            signers.add(new Signer("S" + i, i < k ? "signed" : "pending", null));
        }
        return event(k == 0 ? EventType.SENT : EventType.RECIPIENT_SIGNED, "Bail", signers, null, null);
    }

    private static EnvelopeEvent event(EventType type, String title, List<Signer> signers, String actor,
            String reason) {
        return new EnvelopeEvent(type, "evt_1", "acc_1", null, "env_1", title, null, null, signers, actor, reason,
                java.util.Set.of());
    }

    private static JsonNode read(String resource) throws IOException {
        try (InputStream in = EnvelopeCardTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return MAPPER.readTree(in);
        }
    }
}
