package com.certyneo.slack.slackapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.certyneo.slack.certyneoapi.ResendOutcome;
import com.certyneo.slack.message.Language;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.vertx.core.json.JsonObject;

/**
 * Every Re-send reply (SPEC section 5: who re-sent it, or why it failed), in each language, equals the reviewed
 * golden file in src/test/resources/golden/{en,fr}/replies. After an intended change: {@code -Dgolden.update=true},
 * then review the diff.
 */
class RepliesGoldenTest {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Interaction CLICK = new Interaction(Interaction.BLOCK_ACTIONS, "T0ACME", "U0ALICE",
            Interaction.RESEND_ACTION, "env_5k1z", "https://hooks.slack.com/actions/T0ACME/1/x", "C0SIGN",
            "1700000000.000100", "key");

    /** Each reply the service can send to a click, by golden file name. */
    static Map<String, JsonObject> replies(Language l) {
        Map<String, JsonObject> all = new LinkedHashMap<>();
        all.put("resent", Replies.outcome(CLICK, new ResendOutcome.Resent(), l));
        all.put("rejected", Replies.outcome(CLICK,
                new ResendOutcome.Rejected(409, "Envelope <env_5k1z> is already completed & closed"), l));
        all.put("unavailable", Replies.outcome(CLICK,
                new ResendOutcome.Unavailable(ResendOutcome.Cause.CIRCUIT_OPEN), l));
        all.put("already-resent-by-someone-else", Replies.alreadyResent(CLICK, "U0BOB", l));
        all.put("already-resent-by-you", Replies.alreadyResent(CLICK, "U0ALICE", l));
        all.put("refused-foreign-envelope", Replies.refused(CLICK, Ownership.FOREIGN_ENVELOPE, l));
        all.put("refused-not-connected", Replies.refused(CLICK, Ownership.NOT_CONNECTED, l));
        all.put("refused-unknown-team", Replies.refused(CLICK, Ownership.UNKNOWN_TEAM, l));
        all.put("refused-other", Replies.refused(CLICK, "refused_something_new", l));
        return all;
    }

    static Stream<Arguments> everyReply() {
        return Stream.of(Language.values()).flatMap(l -> replies(l).entrySet().stream()
                .map(e -> Arguments.of(l, e.getKey(), e.getValue())));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyReply")
    void replyEqualsTheGoldenFile(Language language, String name, JsonObject reply) throws IOException {
        JsonNode produced = MAPPER.readTree(reply.encode());
        String path = "golden/" + language.wire() + "/replies/" + name + ".json";
        if (Boolean.getBoolean("golden.update")) {
            Path file = Path.of("src/test/resources", path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, MAPPER.writeValueAsString(produced) + "\n");
        }
        try (InputStream in = RepliesGoldenTest.class.getResourceAsStream("/" + path)) {
            assertThat(in).as(path).isNotNull();
            assertThat(produced).isEqualTo(MAPPER.readTree(in));
        }
    }

    @Test
    void everyFrenchReplyDiffersFromTheEnglishOneAndCarriesNoEnglishWords() {
        Map<String, JsonObject> en = replies(Language.EN);
        replies(Language.FR).forEach((name, fr) -> {
            String text = fr.getString("text");
            assertThat(text).as(name).isNotEqualTo(en.get(name).getString("text"));
            // the Certyneo reason is data and stays as Certyneo wrote it
            String words = text.replace("Envelope <env_5k1z> is already completed & closed", "")
                    .replace("Envelope &lt;env_5k1z&gt; is already completed &amp; closed", "");
            assertThat(words).as(name).doesNotContainPattern(
                    "(?i)\\b(the|was|not|by|this|is|so|please|again|clicked|sent|workspace|envelope|button)\\b");
        });
    }

    @Test
    void theReasonFromCertyneoIsEscapedAlikeInBothLanguages() {
        for (Language l : Language.values()) {
            String text = replies(l).get("rejected").getString("text");
            assertThat(text).as(l.wire()).contains("Envelope &lt;env_5k1z&gt; is already completed &amp; closed")
                    .doesNotContain("<env_5k1z>");
        }
    }

    @Test
    void theSuccessGoesToTheChannelInTheMessagesThreadAndFailuresOnlyToTheClicker() {
        for (Language l : Language.values()) {
            Map<String, JsonObject> all = replies(l);
            assertThat(all.get("resent").getString("response_type")).isEqualTo("in_channel");
            assertThat(all.get("resent").getString("thread_ts")).isEqualTo("1700000000.000100");
            all.forEach((name, reply) -> {
                assertThat(reply.getBoolean("replace_original")).as(name).isFalse();
                if (!name.equals("resent")) {
                    assertThat(reply.getString("response_type")).as(name).isEqualTo("ephemeral");
                }
            });
        }
    }
}
