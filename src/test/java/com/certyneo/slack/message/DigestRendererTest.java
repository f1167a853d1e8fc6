package com.certyneo.slack.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.certyneo.slack.event.EnvelopeEvent;
import com.certyneo.slack.event.EventType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Burst digests as Slack gets them (SPEC section 3.2): golden files per type and language under
 * src/test/resources/golden/digest/{en,fr} ({@code -Dgolden.update=true} rewrites them: review the diff), and random
 * digests with long and hostile values that always stay within Slack's limits.
 */
class DigestRendererTest {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final DigestRenderer renderer = new DigestRenderer();

    static Stream<Arguments> goldens() {
        List<Arguments> all = new ArrayList<>();
        for (Language language : Language.values()) {
            for (EventType type : EventType.values()) {
                all.add(Arguments.of(language, type, 4));
            }
            all.add(Arguments.of(language, EventType.SENT, 20));
            all.add(Arguments.of(language, EventType.RECIPIENT_SIGNED, 2));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1} x{2}")
    @MethodSource("goldens")
    void aDigestRendersExactlyTheGoldenSlackMessage(Language language, EventType type, int size) throws IOException {
        List<EnvelopeEvent> events = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            events.add(EnvelopeEvent.read(type, variant(type, i)));
        }
        String name = "digest/" + language.wire() + "/" + type.wire() + (size == 4 ? "" : "-" + size);
        assertGolden(name, renderer.render(type, events, language));
    }

    @Test
    void headlinesAgreeWithTheirNumberInBothLanguages() {
        assertThat(DigestRenderer.headline(EventType.SENT, 12, false)).isEqualTo("12 documents sent");
        assertThat(DigestRenderer.headline(EventType.SENT, 12, true)).isEqualTo("12 documents envoyés");
        assertThat(DigestRenderer.headline(EventType.RECIPIENT_SIGNED, 7, true)).isEqualTo("7 signatures recueillies");
        assertThat(DigestRenderer.headline(EventType.COMPLETED, 1, true))
                .isEqualTo("1 document signé par tous les signataires");
        assertThat(DigestRenderer.headline(EventType.COMPLETED, 1, false))
                .isEqualTo("1 document signed by every signer");
        assertThat(DigestRenderer.join(List.of("A", "B", "C"), 9, false)).isEqualTo("A, B, C and 9 more");
        assertThat(DigestRenderer.join(List.of("A", "B", "C"), 1, true)).isEqualTo("A, B, C et 1 autre");
        assertThat(DigestRenderer.join(List.of("A", "B"), 0, true)).isEqualTo("A et B");
    }

    /** Random digests of 2..20 events (and a few beyond 49, past Slack's block limit) with long and hostile values. */
    @Test
    void randomDigestsWithLongAndHostileValuesAlwaysFitSlacksLimits() {
        long seed = Long.getLong("digest.property.seed", System.nanoTime());
        System.out.println("DigestRendererTest seed: " + seed + " (replay with -Ddigest.property.seed=" + seed + ")");
        Random random = new Random(seed);
        for (int run = 0; run < 400; run++) {
            EventType type = EventType.values()[random.nextInt(EventType.values().length)];
            int size = run % 40 == 39 ? 50 + random.nextInt(30) : 2 + random.nextInt(19);
            List<EnvelopeEvent> events = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                events.add(EnvelopeEvent.read(type, hostile(type, random)));
            }
            Language language = random.nextBoolean() ? Language.FR : Language.EN;
            ObjectNode body = renderer.render(type, events, language);
            assertWithinSlackLimits(body, "seed " + seed + " run " + run);
            String headline = body.get("attachments").get(0).get("blocks").get(0).get("text").get("text").asText();
            assertThat(headline).as("seed %d run %d", seed, run).contains(size + " ");
        }
    }

    private static void assertWithinSlackLimits(ObjectNode body, String which) {
        assertThat(body.get("unfurl_links").asBoolean()).as(which).isFalse();
        assertThat(body.get("unfurl_media").asBoolean()).as(which).isFalse();
        assertSafeText(body.at("/attachments/0/fallback").asText(), which);
        JsonNode attachment = body.get("attachments").get(0);
        assertSafeText(attachment.get("fallback").asText(), which);
        JsonNode blocks = attachment.get("blocks");
        assertThat(blocks.size()).as(which).isBetween(2, 50);
        for (JsonNode block : blocks) {
            List<JsonNode> texts = new ArrayList<>();
            if (block.has("text")) {
                texts.add(block.get("text"));
            }
            block.path("elements").forEach(texts::add);
            for (JsonNode text : texts) {
                assertThat(text.get("type").asText()).isEqualTo("mrkdwn");
                assertThat(text.get("verbatim").asBoolean()).as(which).isTrue();
                assertSafeText(text.get("text").asText(), which);
            }
            JsonNode button = block.get("accessory");
            if (button != null) {
                assertThat(button.get("text").get("text").asText().length()).as(which).isLessThanOrEqualTo(75);
                if (button.has("url")) {
                    URI url = URI.create(button.get("url").asText());
                    assertThat(url.getScheme()).as(which).isEqualTo("https");
                    assertThat(url.getHost()).as(which).isEqualTo("app.certyneo.com");
                    assertThat(button.get("url").asText().length()).isLessThanOrEqualTo(3000);
                } else {
                    assertThat(button.get("action_id").asText()).isEqualTo(MessageRenderer.RESEND_ACTION);
                    assertThat(button.get("value").asText().length()).isBetween(1, 2000);
                }
            }
        }
    }

    /** At most 3000 characters, no surrogate cut in half, and Certyneo data can never become a link or mention. */
    private static void assertSafeText(String text, String which) {
        assertThat(text.length()).as(which).isBetween(1, 3000);
        assertThat(text).as(which).doesNotContain("<").doesNotContain(">");
        assertThat(text.replace("&amp;", "").replace("&lt;", "").replace("&gt;", "")).as(which).doesNotContain("&");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                assertThat(i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))).as(which).isTrue();
                i++;
            } else {
                assertThat(Character.isLowSurrogate(c)).as(which).isFalse();
            }
        }
    }

    private static final String[] HOSTILE = {"<!channel>", "<@U123>", "<http://evil.example|click>", "&amp;", "&",
            "*bold*", "_it_", "~s~", "`code`", "> quote", "😀", "\u00e9", "#general", "https://evil.example/x", " "};

    private static String hostileText(Random random, int max) {
        StringBuilder out = new StringBuilder();
        int parts = random.nextInt(4) == 0 ? max / 3 : 1 + random.nextInt(8);
        for (int i = 0; i < parts; i++) {
            out.append(HOSTILE[random.nextInt(HOSTILE.length)]);
        }
        return out.toString();
    }

    private static JsonNode hostile(EventType type, Random random) {
        ObjectNode event = (ObjectNode) fixture(type);
        ObjectNode data = (ObjectNode) event.get("data");
        ObjectNode envelope = (ObjectNode) data.get("envelope");
        envelope.put("title", hostileText(random, 6000));
        envelope.put("id", "env_" + hostileText(random, 3000));
        ArrayNode signers = envelope.putArray("signers");
        int count = random.nextInt(40);
        for (int i = 0; i < count; i++) {
            signers.addObject().put("name", hostileText(random, 600))
                    .put("status", random.nextBoolean() ? "signed" : "pending");
        }
        if (data.has("recipient")) {
            ((ObjectNode) data.get("recipient")).put("name", hostileText(random, 600));
        }
        if (data.has("decline_reason")) {
            data.put("decline_reason", hostileText(random, 9000));
        }
        if (random.nextInt(5) == 0) {
            envelope.put("proof_pdf_url", "https://evil.example/proof.pdf");
        } else if (envelope.has("proof_pdf_url")) {
            envelope.put("proof_pdf_url", "https://app.certyneo.com/p/" + "x".repeat(random.nextInt(4000)));
        }
        return event;
    }

    /** The fixture of {@code type}, varied by {@code i}: other titles and names, and degraded fields. */
    private static JsonNode variant(EventType type, int i) {
        ObjectNode event = (ObjectNode) fixture(type);
        ObjectNode data = (ObjectNode) event.get("data");
        ObjectNode envelope = (ObjectNode) data.get("envelope");
        envelope.put("id", "env_" + (i + 1));
        switch (i % 4) {
            case 1 -> {
                envelope.put("title", "Bail <!channel> & Co — Café Müller");
                if (data.has("recipient")) {
                    ((ObjectNode) data.get("recipient")).put("name", "Chloé <@U123> Martin");
                }
            }
            case 2 -> {
                envelope.remove("title"); // untitled
                envelope.remove("proof_pdf_url");
                data.remove("decline_reason");
                data.remove("recipient");
            }
            case 3 -> {
                envelope.put("title", "Avenant n°" + (i + 1));
                envelope.remove("signers");
            }
            default -> {
                if (i > 0) {
                    envelope.put("title", "Contrat " + (i + 1));
                }
            }
        }
        return event;
    }

    private static JsonNode fixture(EventType type) {
        return read("/fixtures/events/" + type.wire() + ".json");
    }

    private static void assertGolden(String name, JsonNode produced) throws IOException {
        if (Boolean.getBoolean("golden.update")) {
            Path file = Path.of("src/test/resources/golden", name + ".json");
            Files.createDirectories(file.getParent());
            Files.writeString(file, MAPPER.writeValueAsString(produced) + "\n");
        }
        assertThat(produced).isEqualTo(read("/golden/" + name + ".json"));
    }

    private static JsonNode read(String resource) {
        try (InputStream in = DigestRendererTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
