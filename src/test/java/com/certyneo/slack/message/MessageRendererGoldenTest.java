package com.certyneo.slack.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

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
 * field missing or unusable) and for the test message equals the reviewed golden file in
 * src/test/resources/golden. After an intended change: {@code -Dgolden.update=true}, then review the diff.
 */
class MessageRendererGoldenTest {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final MessageRenderer renderer = new MessageRenderer();

    @ParameterizedTest
    @ValueSource(strings = {"envelope.completed", "envelope.declined", "envelope.expired", "envelope.sent",
            "recipient.signed"})
    void fixtureEventRendersExactlyTheGoldenSlackMessage(String type) throws IOException {
        JsonNode event = read("/fixtures/events/" + type + ".json");
        assertGolden(type, render(event.get("type").asText(), event));
    }

    /**
     * One golden file per kind of degradation (SPEC section 2, "Tolerant reader"): the fixture of the type,
     * with one field removed (value "-") or replaced by the given JSON.
     */
    static Stream<Arguments> degradedEvents() {
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("degradedEvents")
    void degradedEventRendersExactlyTheGoldenSlackMessage(String name, String type, String pointer, String json)
            throws IOException {
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
        assertGolden("degraded/" + name, render(type, event));
    }

    @Test
    void testMessageRendersExactlyTheGoldenSlackMessage() throws IOException {
        assertGolden("test-message", renderer.renderTest("acc_7Hq2 <!channel>", Language.EN));
    }

    /** As the dispatcher does with the stored payload. */
    private ObjectNode render(String type, JsonNode event) {
        return renderer.render(EnvelopeEvent.read(EventType.fromWire(type).orElseThrow(), event), Language.EN);
    }

    private static void assertGolden(String name, JsonNode produced) throws IOException {
        if (Boolean.getBoolean("golden.update")) {
            Path file = Path.of("src/test/resources/golden", name + ".json");
            Files.createDirectories(file.getParent());
            Files.writeString(file, MAPPER.writeValueAsString(produced) + "\n");
        }
        assertThat(produced).isEqualTo(read("/golden/" + name + ".json"));
    }

    private static JsonNode read(String resource) throws IOException {
        try (InputStream in = MessageRendererGoldenTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return MAPPER.readTree(in);
        }
    }
}
