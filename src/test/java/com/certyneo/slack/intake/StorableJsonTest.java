package com.certyneo.slack.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The byte scan that spares most webhooks the cleaning walk: it may send a clean body to the walk, but never let a
 * body the walk would change be stored as received.
 */
class StorableJsonTest {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    @Test
    void noGeneratedBodyThatNeedsCleaningPassesTheScan() throws IOException {
        int needCleaning = 0;
        int passed = 0;
        for (int i = 0; i < 5_000; i++) {
            MutatedBodies.Case generated = MutatedBodies.generate(20261203L, i, "acc_scan");
            JsonNode tree = MAPPER.readTree(generated.body());
            boolean scanned = StorableJson.certainlyStorable(generated.body());
            boolean changed = StorableJson.clean(tree, path -> {
            });
            assertThat(scanned && changed).as(generated.describe()).isFalse();
            needCleaning += changed ? 1 : 0;
            passed += scanned ? 1 : 0;
        }
        // both sides were exercised: bodies with a NUL, a lone surrogate or a huge number, and plain ones
        assertThat(needCleaning).isGreaterThan(100);
        assertThat(passed).isGreaterThan(1_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"n\":1e999999}", "{\"n\":-2.5E-5000}", "{\"a\":[0e1]}", "{\"t\":\"a\\u0000b\"}", "{\"\\u0000\":1}",
            "{\"t\":\"\\ud800\"}", "{\"t\":\"\\uDC00x\"}", "{\"t\":\"\\ud83d\\ude00\"}"})
    void exponentsAndEscapedNulsOrSurrogatesGoToTheWalk(String body) {
        assertThat(StorableJson.certainlyStorable(body.getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void aSurrogateEncodedInUtf8GoesToTheWalk() {
        byte[] body = {'{', '"', 't', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'};
        assertThat(StorableJson.certainlyStorable(body)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"ok\":true,\"no\":false,\"x\":null,\"n\":-12.50,\"m\":0}", "{\"t\":\"1e5 and 2E9 as text\"}",
            "{\"t\":\"Caf\\u00e9 \\\"quoted\\\" e\"}", "{\"t\":\"not an escape: \\\\u0000\"}", "{\"t\":\"😀 中文\"}"})
    void plainBodiesPassTheScan(String body) {
        assertThat(StorableJson.certainlyStorable(body.getBytes(StandardCharsets.UTF_8))).isTrue();
    }
}
