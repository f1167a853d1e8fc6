package com.certyneo.slack.intake;

import static com.certyneo.slack.testsupport.Webhooks.SECOND_SECRET;
import static com.certyneo.slack.testsupport.Webhooks.SECRET;
import static com.certyneo.slack.testsupport.Webhooks.UNKNOWN_SECRET;
import static com.certyneo.slack.testsupport.Webhooks.bytes;
import static com.certyneo.slack.testsupport.Webhooks.connectedAccount;
import static com.certyneo.slack.testsupport.Webhooks.event;
import static com.certyneo.slack.testsupport.Webhooks.now;
import static com.certyneo.slack.testsupport.Webhooks.post;
import static com.certyneo.slack.testsupport.Webhooks.sign;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.CapturedLogs;
import com.certyneo.slack.testsupport.Management;
import com.certyneo.slack.testsupport.Webhooks;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** No secret or signature in any log line (debug included), error body or metric. */
@QuarkusTest
class WebhookSecrecyTest {

    @AfterEach
    void cancelWhatIsStillQueued() {
        Webhooks.cancelQueuedDeliveries();
    }

    @Test
    void noSecretOrSignatureAppearsInLogsAnswersOrMetrics() {
        String account = connectedAccount();
        List<String> signatures = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        String logText;
        try (CapturedLogs logs = CapturedLogs.start("com.certyneo", "io.quarkus.vertx.http", "io.quarkus.rest")) {
            byte[] body = bytes(event("envelope.declined", account));
            String now = now();
            String stale = String.valueOf(Long.parseLong(now) - 1000);
            answers.add(send(body, now, SECRET, signatures)); // accepted
            answers.add(send(body, now, SECOND_SECRET, signatures)); // duplicate
            answers.add(send(body, now, UNKNOWN_SECRET, signatures)); // 401
            answers.add(send(body, stale, SECRET, signatures)); // 401 stale
            answers.add(send("{\"id\":".getBytes(StandardCharsets.UTF_8), now, SECRET, signatures)); // 400
            ObjectNode invalid = event("envelope.declined", account);
            invalid.remove("data");
            answers.add(send(bytes(invalid), now, SECRET, signatures)); // 400 naming data
            ObjectNode big = event("envelope.sent", account);
            big.put("padding", "x".repeat(300 * 1024));
            answers.add(send(bytes(big), now, SECRET, signatures)); // 413
            logText = logs.text();
        }
        String metrics = given().get(Management.url("/q/metrics")).asString();

        List<String> forbidden = new ArrayList<>();
        for (String secret : List.of(SECRET, SECOND_SECRET, UNKNOWN_SECRET)) {
            forbidden.add(secret.substring("whsec_".length()));
            forbidden.add(new String(Base64.getDecoder().decode(secret.substring(6)), StandardCharsets.UTF_8));
        }
        signatures.forEach(signature -> forbidden.add(signature.substring(3)));

        assertThat(answers).hasSize(7).allSatisfy(answer -> assertThat(answer).doesNotContain(forbidden));
        assertThat(logText).doesNotContain(forbidden);
        assertThat(metrics).doesNotContain(forbidden);
    }

    @Test
    void webhooksAreCountedByTypeAndOutcome() {
        post(event("envelope.sent", connectedAccount())).then().statusCode(202);
        post("nope".getBytes(StandardCharsets.UTF_8)).then().statusCode(400);
        String metrics = given().get(Management.url("/q/metrics")).asString();
        assertThat(metrics)
                .containsPattern("certyneo_webhooks_total\\{[^}]*outcome=\"accepted\"[^}]*type=\"envelope.sent\"");
        assertThat(metrics).containsPattern("certyneo_webhooks_total\\{[^}]*outcome=\"invalid\"[^}]*type=\"unknown\"");
    }

    private static String send(byte[] body, String timestamp, String secret, List<String> signatures) {
        String signature = sign(secret, "msg_secrecy", timestamp, body);
        signatures.add(signature);
        Response response = post(body, "msg_secrecy", timestamp, signature);
        return response.asString() + " " + response.headers();
    }
}
