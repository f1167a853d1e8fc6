package com.certyneo.slack.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.certyneo.slack.event.EnvelopeEvent;
import com.certyneo.slack.event.EventType;
import com.certyneo.slack.event.PayloadField;
import com.certyneo.slack.platform.ProblemException;
import com.certyneo.slack.testsupport.Webhooks;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The tolerant reader without HTTP: what is required, what is a warning, what is cleaned. */
class WebhookPayloadParserTest {

    private final WebhookPayloadParser parser = new WebhookPayloadParser();

    @ParameterizedTest
    @ValueSource(strings = {"envelope.completed", "envelope.declined", "envelope.expired", "envelope.sent",
            "recipient.signed"})
    void theFixturesHaveNoWarning(String type) {
        EnvelopeEvent event = parser.parse(Webhooks.bytes(Webhooks.fixture(type))).orElseThrow().event();
        assertThat(event.type().wire()).isEqualTo(type);
        assertThat(event.warnings()).isEmpty();
        assertThat(event.createdAt()).isNotNull();
    }

    @Test
    void aMinimalEventIsAcceptedWithAWarningPerFieldItsMessageMisses() {
        EnvelopeEvent event = parse("{\"id\":\"evt_1\",\"type\":\"recipient.signed\",\"account_id\":\"acc_1\","
                + "\"data\":{\"envelope\":{\"id\":\"env_1\"}}}").event();
        assertThat(event.createdAt()).isNull();
        assertThat(event.warnings()).containsExactly(PayloadField.CREATED_AT, PayloadField.TITLE, PayloadField.URL,
                PayloadField.SIGNERS, PayloadField.RECIPIENT);
    }

    @Test
    void blankStringsAreLegitimateValuesNotWarnings() {
        ObjectNode fixture = Webhooks.fixture("envelope.declined");
        ((ObjectNode) fixture.at("/data/envelope")).put("title", "");
        ((ObjectNode) fixture.get("data")).put("decline_reason", " ");
        assertThat(parse(Webhooks.bytes(fixture)).event().warnings()).isEmpty();
    }

    @Test
    void unknownFieldsOfAnyShapeAreNoWarning() {
        ObjectNode fixture = Webhooks.fixture("envelope.sent");
        fixture.putArray("extra").addArray().addObject().put("deep", 1.5e300);
        ((ObjectNode) fixture.at("/data/envelope")).putObject("branding").putNull("logo");
        assertThat(parse(Webhooks.bytes(fixture)).event().warnings()).isEmpty();
    }

    @Test
    void textAndNumbersPostgresCannotStoreAreCleanedAndWarned() {
        ObjectNode fixture = Webhooks.fixture("envelope.sent");
        ((ObjectNode) fixture.at("/data/envelope")).put("title", "NDA \u0000 Acme");
        String body = Webhooks.JSON.valueToTree(fixture).toString()
                .replaceFirst("\\{", "{\"n\":-1e999999,\"lone\":\"a\\\\udc00b\",\"\\\\u0000key\":[1e-5000],");

        ValidatedEvent event = parse(body);

        assertThat(event.json()).contains("\"title\":\"NDA \uFFFD Acme\"").contains("\"n\":\"-1E+999999\"")
                .contains("\"lone\":\"a\uFFFDb\"").contains("\"\uFFFDkey\":[\"1E-5000\"]")
                .doesNotContain("\\u0000");
        assertThat(event.event().warnings()).containsExactly(PayloadField.TITLE, PayloadField.OTHER);
    }

    @Test
    void aBodyThatNeedsNoCleaningIsStoredByteForByteAsReceived() {
        String body = "{ \"id\" : \"evt_1\", \"type\":\"envelope.sent\", \"account_id\":\"acc_1\", \"n\": 1.50,"
                + " \"data\":{\"envelope\":{\"id\":\"env_1\", \"title\": \"Caf\\u00e9\"}}}";
        assertThat(parse(body).json()).isEqualTo(body);
    }

    @Test
    void nestingUpToTheLimitIsReadAndDeeperIsRefused() {
        String ok = "{\"id\":\"e\",\"type\":\"envelope.sent\",\"account_id\":\"a\",\"data\":{\"envelope\":{\"id\":\"v\"}},"
                + "\"x\":" + "[".repeat(WebhookPayloadParser.MAX_DEPTH - 1)
                + "]".repeat(WebhookPayloadParser.MAX_DEPTH - 1)
                + "}";
        assertThat(parse(ok).event().type()).isEqualTo(EventType.SENT);
        String deeper = ok.replace("\"x\":[", "\"x\":[[").replace("]}", "]]}");
        assertThatThrownBy(() -> parse(deeper)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.problem().detail()).contains("nested deeper than 128"));
    }

    @Test
    void anUnknownTypeIsNotReadFurther() {
        assertThat(parser.parse(bytes("{\"type\":\"envelope.archived\",\"id\":42}"))).isEmpty();
    }

    private ValidatedEvent parse(String body) {
        return parse(bytes(body));
    }

    private ValidatedEvent parse(byte[] body) {
        return parser.parse(body).orElseThrow();
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
