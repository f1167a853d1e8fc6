package com.certyneo.slack.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The JSON sent to Slack for each of the five fixture events equals the reviewed golden file in
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
        JsonNode produced = renderer.render(event.get("type").asText(), event);

        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(Path.of("src/test/resources/golden", type + ".json"),
                    MAPPER.writeValueAsString(produced) + "\n");
        }
        assertThat(produced).isEqualTo(read("/golden/" + type + ".json"));
    }

    private static JsonNode read(String resource) throws IOException {
        try (InputStream in = MessageRendererGoldenTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return MAPPER.readTree(in);
        }
    }
}
