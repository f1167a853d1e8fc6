package com.certyneo.slack.intake;

import static com.certyneo.slack.testsupport.Webhooks.connectedAccount;
import static com.certyneo.slack.testsupport.Webhooks.event;
import static com.certyneo.slack.testsupport.Webhooks.payloadWarnings;
import static com.certyneo.slack.testsupport.Webhooks.post;
import static com.certyneo.slack.testsupport.Webhooks.storedDeliveries;
import static com.certyneo.slack.testsupport.Webhooks.storedEvents;
import static com.certyneo.slack.testsupport.Webhooks.storedEventsOfAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.certyneo.slack.testsupport.CapturedLogs;
import com.certyneo.slack.testsupport.FakeSlack;
import com.certyneo.slack.testsupport.Webhooks;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;

/**
 * SPEC section 2, "Tolerant reader": only id, type, account_id and data.envelope.id are required. Any
 * other field missing, null or of the wrong type still gets the event accepted (its message degrades),
 * counted in certyneo_webhook_payload_warnings_total{field} and logged without its value.
 */
@QuarkusTest
class WebhookTolerantReaderTest {

    @AfterEach
    void cancelWhatIsStillQueued() {
        Webhooks.cancelQueuedDeliveries();
    }

    @ParameterizedTest
    @CsvSource({
            "envelope.completed, data.envelope.proof_pdf_url, data.envelope.proof_pdf_url",
            "envelope.completed, data.envelope.title, data.envelope.title",
            "envelope.completed, data.envelope.url, data.envelope.url",
            "envelope.completed, created_at, created_at",
            "envelope.sent, data.envelope.signers[0].name, data.envelope.signers[].name",
            "envelope.sent, data.envelope.signers[1].status, data.envelope.signers[].status",
            "envelope.expired, data.envelope.signers, data.envelope.signers",
            "recipient.signed, data.recipient, data.recipient",
            "recipient.signed, data.recipient.name, data.recipient.name",
            "envelope.declined, data.recipient, data.recipient",
            "envelope.declined, data.decline_reason, data.decline_reason"})
    void aMissingOptionalFieldStillGetsTheEventAcceptedAndIsCounted(String type, String field, String warning) {
        String account = connectedAccount();
        ObjectNode event = event(type, account);
        MutatedBodies.Slot.at(event, field).remove();
        double before = payloadWarnings(warning);

        post(event).then().statusCode(202).body("status", equalTo("accepted"));

        String eventId = event.get("id").asText();
        assertThat(storedEvents(eventId)).isOne();
        assertThat(storedDeliveries(eventId)).isOne();
        assertThat(payloadWarnings(warning)).isEqualTo(before + 1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "envelope.completed | data.envelope.title | null | data.envelope.title",
            "envelope.completed | data.envelope.title | 12.5 | data.envelope.title",
            "envelope.completed | data.envelope.url | \"javascript:alert(1)\" | data.envelope.url",
            "envelope.completed | data.envelope.url | \"http://app.certyneo.com/envelopes/env_9f3k\" | data.envelope.url",
            "envelope.completed | data.envelope.proof_pdf_url | [\"https://x.example\"] | data.envelope.proof_pdf_url",
            "envelope.completed | data.envelope.proof_pdf_url | \"https://evil.example/proof.pdf\" | data.envelope.proof_pdf_url",
            "envelope.completed | created_at | \"yesterday\" | created_at",
            "envelope.completed | created_at | 1764152401 | created_at",
            "envelope.sent | data.envelope.signers | {\"id\":\"rcp_1\"} | data.envelope.signers",
            "envelope.sent | data.envelope.signers[0] | \"Alice\" | data.envelope.signers[]",
            "envelope.sent | data.envelope.signers[2].status | \"maybe\" | data.envelope.signers[].status",
            "envelope.sent | data.envelope.signers[0].name | {\"first\":\"Alice\"} | data.envelope.signers[].name",
            "recipient.signed | data.envelope.signers[0].signed_at | \"soon\" | data.envelope.signers[].signed_at",
            "recipient.signed | data.recipient | \"Alice\" | data.recipient",
            "recipient.signed | data.recipient.name | null | data.recipient.name",
            "envelope.declined | data.decline_reason | 42 | data.decline_reason",
            "envelope.declined | data | {\"envelope\":{\"id\":\"env_2b8q\"}} | data.envelope.title"})
    void aNullOrWronglyTypedOptionalFieldStillGetsTheEventAcceptedAndIsCounted(String type, String field,
            String json, String warning) {
        String account = connectedAccount();
        ObjectNode event = event(type, account);
        MutatedBodies.Slot.at(event, field).set(json);
        double before = payloadWarnings(warning);

        post(event).then().statusCode(202).body("status", equalTo("accepted"));

        assertThat(storedEvents(event.get("id").asText())).isOne();
        assertThat(payloadWarnings(warning)).isEqualTo(before + 1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "data.envelope.sender | \"Claire\"",
            "data.envelope.expires_at | 0",
            "data.envelope.signers[0].email | []",
            "data.envelope.signers[0].id | 7"})
    void fieldsNoMessageUsesMayHaveAnyShape(String field, String json) {
        String account = connectedAccount();
        ObjectNode event = event("recipient.signed", account);
        MutatedBodies.Slot.at(event, field).set(json);
        post(event).then().statusCode(202);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "id | MISSING",
            "id | null",
            "id | \"\"",
            "id | \"   \"",
            "id | 42",
            "type | MISSING",
            "type | \"\"",
            "type | true",
            "account_id | MISSING",
            "account_id | {}",
            "account_id | \"\"",
            "data | MISSING",
            "data | []",
            "data.envelope | MISSING",
            "data.envelope | \"env_9f3k\"",
            "data.envelope.id | MISSING",
            "data.envelope.id | null",
            "data.envelope.id | \"\"",
            "data.envelope.id | 9"})
    void aMissingOrInvalidRequiredFieldIsA400NamingIt(String field, String json) {
        String account = connectedAccount();
        ObjectNode event = event("envelope.completed", account);
        if ("MISSING".equals(json)) {
            MutatedBodies.Slot.at(event, field).remove();
        } else {
            MutatedBodies.Slot.at(event, field).set(json);
        }
        post(event).then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("field", equalTo(field)).body("detail", containsString(field));
        assertThat(storedEventsOfAccount(account)).isZero();
    }

    @Test
    void anUnknownTypeIsStillIgnoredWhateverItsData() {
        String account = connectedAccount();
        ObjectNode event = event("envelope.completed", account);
        event.put("type", "envelope.archived");
        event.remove("data");
        post(event).then().statusCode(200).body("status", equalTo("ignored"))
                .body("reason", equalTo("unknown_event_type"));
        assertThat(storedEventsOfAccount(account)).isZero();
    }

    @Test
    void textPostgresCannotStoreInAnOptionalFieldIsCleanedInsteadOfRefused() {
        String account = connectedAccount();
        ObjectNode event = event("envelope.sent", account);
        ((ObjectNode) event.at("/data/envelope")).put("title", "NDA \u0000 Acme");
        event.put("note", "lone \ud800 surrogate");
        double before = payloadWarnings("data.envelope.title");
        byte[] body = Webhooks.JSON.valueToTree(event).toString()
                .replace("\ud800", "\\ud800").getBytes(StandardCharsets.UTF_8);

        post(body).then().statusCode(202);

        FakeSlack slack = FakeSlack.get();
        String channel = Webhooks.channelOf(account);
        await().atMost(Duration.ofSeconds(20)).until(() -> !slack.posts(channel).isEmpty());
        assertThat(slack.posts(channel).get(0).text()).contains("NDA \uFFFD Acme");
        assertThat(payloadWarnings("data.envelope.title")).isEqualTo(before + 1);
    }

    @Test
    void warningsAreLoggedNamingTheFieldButNeverItsValue() {
        String account = connectedAccount();
        ObjectNode event = event("recipient.signed", account);
        MutatedBodies.Slot.at(event, "data.envelope.title").set("{\"text\":\"Classified-Title-7731\"}");
        MutatedBodies.Slot.at(event, "data.recipient.name").set("[\"Secret-Signer-4411\"]");
        MutatedBodies.Slot.at(event, "data.envelope.url").set("\"ftp://Hidden-Host-5190.example/x\"");
        String logText;
        try (CapturedLogs logs = CapturedLogs.start("com.certyneo")) {
            post(event).then().statusCode(202);
            logText = logs.text();
        }
        assertThat(logText).contains("data.envelope.title").contains("data.recipient.name")
                .contains("data.envelope.url").contains(event.get("id").asText());
        assertThat(logText).doesNotContain("Classified-Title-7731").doesNotContain("Secret-Signer-4411")
                .doesNotContain("Hidden-Host-5190");
    }

    @Test
    void aCompletedEventWithoutTitleOrProofUrlStillReachesSlackWithoutThePdfButton() {
        String account = connectedAccount();
        ObjectNode event = event("envelope.completed", account);
        MutatedBodies.Slot.at(event, "data.envelope.title").remove();
        MutatedBodies.Slot.at(event, "data.envelope.proof_pdf_url").remove();

        post(event).then().statusCode(202);

        FakeSlack slack = FakeSlack.get();
        String channel = Webhooks.channelOf(account);
        await().atMost(Duration.ofSeconds(20)).until(() -> !slack.posts(channel).isEmpty());
        List<FakeSlack.Call> posts = slack.posts(channel);
        assertThat(posts).hasSize(1).allMatch(FakeSlack.Call::ok);
        JsonNode blocks = posts.get(0).body().at("/attachments/0/blocks");
        assertThat(blocks.get(0).at("/text/text").asText())
                .isEqualTo("✅ Document *Untitled document* signed by every signer.");
        assertThat(blocks).hasSize(1);
    }
}
