package com.certyneo.slack.intake;

import static com.certyneo.slack.testsupport.Webhooks.bytes;
import static com.certyneo.slack.testsupport.Webhooks.connectedAccount;
import static com.certyneo.slack.testsupport.Webhooks.event;
import static com.certyneo.slack.testsupport.Webhooks.eventIdOf;
import static com.certyneo.slack.testsupport.Webhooks.post;
import static com.certyneo.slack.testsupport.Webhooks.storedEvents;
import static com.certyneo.slack.testsupport.Webhooks.storedEventsOfAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.Webhooks;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * Bodies Certyneo should never send, signed correctly: clear problems, never a 5xx, nothing stored. (Missing
 * or invalid fields: WebhookTolerantReaderTest.)
 */
@QuarkusTest
class WebhookMalformedBodyTest {

    @AfterEach
    void cancelWhatIsStillQueued() {
        Webhooks.cancelQueuedDeliveries();
    }

    private static final int LIMIT = 256 * 1024;

    @Test
    void aBodyThatIsNotJsonIsA400Problem() {
        problem(post("this is not json".getBytes(StandardCharsets.UTF_8)), 400)
                .body("detail", containsString("not valid JSON"));
        problem(post("{\"id\": \"evt_1\",".getBytes(StandardCharsets.UTF_8)), 400);
        problem(post("{} {}".getBytes(StandardCharsets.UTF_8)), 400);
        problem(post(new byte[0]), 400);
        problem(post("[1,2]".getBytes(StandardCharsets.UTF_8)), 400).body("detail", containsString("JSON object"));
    }

    @Test
    void invalidUtf8IsA400Problem() {
        String account = connectedAccount();
        byte[] body = bytes(event("envelope.sent", account));
        String text = new String(body, StandardCharsets.UTF_8);
        int at = text.indexOf("NDA");
        body[at] = (byte) 0xC3; // a lead byte followed by an ASCII byte
        problem(post(body), 400).body("detail", containsString("UTF-8"));
        assertThat(storedEventsOfAccount(account)).isZero();
    }

    @Test
    void unknownFieldsAreIgnored() {
        String account = connectedAccount();
        ObjectNode event = event("envelope.expired", account);
        event.put("schema_version", 3);
        ((ObjectNode) event.at("/data/envelope")).putObject("branding").put("colour", "#ff0000").put("logo", 1.5e3);
        post(event).then().statusCode(202);
    }

    @Test
    void aDeeplyNestedBodyIsA400Problem() {
        String account = connectedAccount();
        ObjectNode event = event("envelope.sent", account);
        String nested = "[".repeat(5000) + "]".repeat(5000);
        String body = Webhooks.JSON.valueToTree(event).toString().replaceFirst("\\{", "{\"extra\":" + nested + ",");
        problem(post(body.getBytes(StandardCharsets.UTF_8)), 400).body("detail", containsString("nested"));
        assertThat(storedEventsOfAccount(account)).isZero();
    }

    @Test
    void aBodyNestedWithinTheLimitIsAccepted() {
        String account = connectedAccount();
        ObjectNode event = event("envelope.sent", account);
        // Certyneo may add a deep structure one day: 100 levels are still read
        String nested = "[".repeat(100) + "]".repeat(100);
        String body = Webhooks.JSON.valueToTree(event).toString().replaceFirst("\\{", "{\"extra\":" + nested + ",");
        post(body.getBytes(StandardCharsets.UTF_8)).then().statusCode(202);
    }

    @Test
    void textsPostgresCannotStoreAreCleanedOutsideTheRequiredFieldsAndRefusedInThem() {
        String account = connectedAccount();
        ObjectNode event = event("envelope.sent", account);
        event.put("note", "nul \u0000 inside");
        String hugeNumber = bytesToText(bytes(event)).replaceFirst("\\{", "{\"n\":1e999999,\"\\u0000k\":1,");
        post(hugeNumber.getBytes(StandardCharsets.UTF_8)).then().statusCode(202);
        // PostgreSQL refuses a NUL, a lone surrogate or 1e999999 in jsonb: stored means cleaned (see
        // WebhookPayloadParserTest for the cleaned text)
        assertThat(storedEvents(event.get("id").asText())).isOne();

        ObjectNode nulId = event("envelope.sent", account);
        nulId.put("id", "evt_\u0000");
        problem(post(nulId), 400).body("field", equalTo("id"));
        String loneSurrogate = bytesToText(bytes(event("envelope.sent", account))).replace("\"" + account + "\"",
                "\"acc_\\ud800\"");
        problem(post(loneSurrogate.getBytes(StandardCharsets.UTF_8)), 400).body("field", equalTo("account_id"));
        ObjectNode badEnvelopeId = event("envelope.sent", account);
        ((ObjectNode) badEnvelopeId.at("/data/envelope")).put("id", "env_\u0000");
        problem(post(badEnvelopeId), 400).body("field", equalTo("data.envelope.id"));
        assertThat(storedEventsOfAccount(account)).isOne();
    }

    @Test
    void aBodyOfExactlyTheLimitIsAccepted() {
        String account = connectedAccount();
        ObjectNode event = event("envelope.sent", account);
        event.put("padding", "");
        int missing = LIMIT - bytes(event).length;
        event.put("padding", "x".repeat(missing));
        assertThat(bytes(event)).hasSize(LIMIT);
        post(event).then().statusCode(202);
    }

    @Test
    void aBodyOverTheLimitIsA413Problem() {
        String account = connectedAccount();
        ObjectNode event = event("envelope.sent", account);
        event.put("padding", "x".repeat(LIMIT));
        problem(post(event), 413).body("detail", containsString("256 KiB"));
        assertThat(storedEvents(event.get("id").asText())).isZero();
    }

    @Test
    void aChunkedBodyGrowingOverTheLimitIsA413Problem() {
        String account = connectedAccount();
        ObjectNode event = event("envelope.sent", account);
        event.put("padding", "x".repeat(LIMIT + 10_000));
        byte[] body = bytes(event);
        // an InputStream publisher has no known length: the JDK client sends it chunked
        HttpRequest request = Webhooks.jdkRequest(body, "msg_" + UUID.randomUUID())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        HttpResponse<String> response = Webhooks.send(request);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(storedEvents(event.get("id").asText())).isZero();

        // the connection pool keeps working after the refusal
        byte[] ok = bytes(event("envelope.sent", account));
        HttpRequest chunkedOk = Webhooks.jdkRequest(ok, "msg_" + UUID.randomUUID())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(ok))).build();
        assertThat(Webhooks.send(chunkedOk).statusCode()).isEqualTo(202);
    }

    @Test
    void aWrongOrMissingContentTypeIsA415Problem() {
        byte[] body = bytes(event("envelope.sent", connectedAccount()));
        for (String type : new String[]{"text/plain", "application/xml",
                "application/json; charset=ISO-8859-1"}) {
            String timestamp = Webhooks.now();
            var response = io.restassured.RestAssured.given()
                    .contentType(type).body(body)
                    .header("webhook-id", "msg_ct").header("webhook-timestamp", timestamp)
                    .header("webhook-signature", Webhooks.sign(Webhooks.SECRET, "msg_ct", timestamp, body))
                    .post(Webhooks.PATH);
            problem(response, 415);
        }
        HttpRequest noType = HttpRequest.newBuilder(Webhooks.uri())
                .header("webhook-id", "msg_ct").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        assertThat(Webhooks.send(noType).statusCode()).isEqualTo(415);
    }

    @Test
    void aJsonContentTypeWithUtf8CharsetIsAccepted() {
        String account = connectedAccount();
        byte[] body = bytes(event("envelope.sent", account));
        String timestamp = Webhooks.now();
        io.restassured.RestAssured.given()
                .contentType("application/json; charset=UTF-8").body(body)
                .header("webhook-id", "msg_cs").header("webhook-timestamp", timestamp)
                .header("webhook-signature", Webhooks.sign(Webhooks.SECRET, "msg_cs", timestamp, body))
                .post(Webhooks.PATH).then().statusCode(202);
        assertThat(storedEvents(eventIdOf(body))).isEqualTo(1);
    }

    private static ValidatableResponse problem(io.restassured.response.Response response, int status) {
        return response.then().statusCode(status)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(status));
    }

    private static String bytesToText(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }
}
