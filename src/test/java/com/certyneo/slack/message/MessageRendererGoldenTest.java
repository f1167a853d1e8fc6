package com.certyneo.slack.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.certyneo.slack.event.EnvelopeEvent;
import com.certyneo.slack.event.EventType;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON sent to Slack for each of the five fixture events, for each kind of degraded event (an optional
 * field missing or unusable) and for the test message, in each language, equals the reviewed golden file in
 * src/test/resources/golden/{en,fr}. After an intended change: {@code -Dgolden.update=true}, then review the diff.
 */
class MessageRendererGoldenTest {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final MessageRenderer renderer = new MessageRenderer();

    static final List<String> TYPES = List.of("envelope.completed", "envelope.declined", "envelope.expired",
            "envelope.sent", "recipient.signed");

    static Stream<Arguments> fixtureEvents() {
        return Stream.of(Language.values()).flatMap(l -> TYPES.stream().map(type -> Arguments.of(l, type)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("fixtureEvents")
    void fixtureEventRendersExactlyTheGoldenSlackMessage(Language language, String type) throws IOException {
        JsonNode event = read("/fixtures/events/" + type + ".json");
        assertGolden(language, type, render(event.get("type").asText(), event, language));
    }

    /**
     * One golden file per kind of degradation (SPEC section 2, "Tolerant reader"): the fixture of the type,
     * with one field removed (value "-") or replaced by the given JSON.
     */
    static Stream<Arguments> degradedEvents() {
        return Stream.of(Language.values()).flatMap(l -> degradations().map(a -> {
            Object[] args = a.get();
            return Arguments.of(l, args[0], args[1], args[2], args[3]);
        }));
    }

    private static Stream<Arguments> degradations() {
        return Stream.of(
                Arguments.of("completed-without-title", "envelope.completed", "/data/envelope/title", "-"),
                Arguments.of("completed-title-not-a-string", "envelope.completed", "/data/envelope/title", "{\"x\":1}"),
                Arguments.of("completed-without-proof-pdf-url", "envelope.completed", "/data/envelope/proof_pdf_url",
                        "-"),
                Arguments.of("completed-proof-pdf-url-on-another-host", "envelope.completed",
                        "/data/envelope/proof_pdf_url", "\"https://files.example.net/env_9f3k/proof.pdf\""),
                Arguments.of("completed-without-envelope-url", "envelope.completed", "/data/envelope/url", "-"),
                Arguments.of("declined-without-recipient", "envelope.declined", "/data/recipient", "-"),
                Arguments.of("declined-without-reason", "envelope.declined", "/data/decline_reason", "null"),
                Arguments.of("declined-envelope-url-not-https", "envelope.declined", "/data/envelope/url",
                        "\"http://app.certyneo.com/envelopes/env_2b8q\""),
                Arguments.of("expired-without-signers", "envelope.expired", "/data/envelope/signers", "-"),
                Arguments.of("sent-signer-without-name", "envelope.sent", "/data/envelope/signers/1/name", "-"),
                Arguments.of("sent-signer-not-an-object", "envelope.sent", "/data/envelope/signers/2", "\"Chloé\""),
                Arguments.of("signed-without-recipient", "recipient.signed", "/data/recipient", "-"),
                Arguments.of("signed-recipient-without-name", "recipient.signed", "/data/recipient/name", "-"),
                Arguments.of("signed-without-signers", "recipient.signed", "/data/envelope/signers", "\"unknown\""));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("degradedEvents")
    void degradedEventRendersExactlyTheGoldenSlackMessage(Language language, String name, String type,
            String pointer, String json) throws IOException {
        ObjectNode event = (ObjectNode) read("/fixtures/events/" + type + ".json");
        JsonPointer at = JsonPointer.compile(pointer);
        JsonNode parent = event.at(at.head());
        String last = at.last().getMatchingProperty();
        if ("-".equals(json)) {
            if (parent instanceof ArrayNode array) {
                array.remove(at.last().getMatchingIndex());
            } else {
                ((ObjectNode) parent).remove(last);
            }
        } else if (parent instanceof ArrayNode array) {
            array.set(at.last().getMatchingIndex(), MAPPER.readTree(json));
        } else {
            ((ObjectNode) parent).set(last, MAPPER.readTree(json));
        }
        assertGolden(language, "degraded/" + name, render(type, event, language));
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void testMessageRendersExactlyTheGoldenSlackMessage(Language language) throws IOException {
        assertGolden(language, "test-message", renderer.renderTest("acc_7Hq2 <!channel>", language));
    }

    /** As the dispatcher does with the stored payload. */
    private ObjectNode render(String type, JsonNode event, Language language) {
        return renderer.render(EnvelopeEvent.read(EventType.fromWire(type).orElseThrow(), event), language);
    }

    /** Compares with (or, with -Dgolden.update=true, writes) src/test/resources/golden/{language}/{name}.json. */
    static void assertGolden(Language language, String name, JsonNode produced) throws IOException {
        String path = "golden/" + language.wire() + "/" + name + ".json";
        if (Boolean.getBoolean("golden.update")) {
            Path file = Path.of("src/test/resources", path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, MAPPER.writeValueAsString(produced) + "\n");
        }
        assertThat(produced).isEqualTo(read("/" + path));
    }

    static JsonNode read(String resource) throws IOException {
        try (InputStream in = MessageRendererGoldenTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return MAPPER.readTree(in);
        }
    }
}
