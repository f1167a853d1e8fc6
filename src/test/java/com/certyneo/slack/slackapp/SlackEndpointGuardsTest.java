package com.certyneo.slack.slackapp;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * SPEC section 5: the public Slack endpoints make no unauthenticated caller buffer a large body. A request without a
 * fresh X-Slack-Request-Timestamp is refused before its body is read; a body over 1 MiB is 413 problem+json.
 */
@QuarkusTest
class SlackEndpointGuardsTest {

    private static final String SECRET = "test-signing-secret";

    @ParameterizedTest
    @ValueSource(strings = {"/slack/events", "/slack/interactions"})
    void aBodyOverOneMebibyteIs413ProblemJsonEvenWhenSigned(String path) {
        String body = "payload=" + "a".repeat(1024 * 1024 + 10);
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        given().contentType("application/x-www-form-urlencoded").body(body)
                .header("X-Slack-Request-Timestamp", timestamp)
                .header("X-Slack-Signature", SlackSignatureVerifier.sign(SECRET, timestamp, body))
                .post(path).then().statusCode(413).contentType(startsWith("application/problem+json"))
                .body("status", equalTo(413));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e30", "-9223372036854775808", "9223372036854775807", "\"soon\""})
    void aSignedEventWithAnAbsurdEventTimeIsNotA500(String eventTime) {
        String body = "{\"type\":\"event_callback\",\"team_id\":\"T0NOBODY\",\"event_id\":\"EvAbsurd"
                + Math.abs(eventTime.hashCode()) + System.nanoTime() + "\",\"event_time\":" + eventTime
                + ",\"event\":{\"type\":\"app_uninstalled\"}}";
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        given().contentType("application/json").body(body).header("X-Slack-Request-Timestamp", timestamp)
                .header("X-Slack-Signature", SlackSignatureVerifier.sign(SECRET, timestamp, body))
                .post("/slack/events").then().statusCode(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"%00abc", "abc%00", "%C3%28"})
    void anInstallTicketOrStateWithBytesPostgresRefusesIs400(String value) {
        given().urlEncodingEnabled(false).redirects().follow(false).get("/slack/install?ticket=" + value).then()
                .statusCode(400).contentType(startsWith("application/problem+json")).body("field", equalTo("ticket"));
        given().urlEncodingEnabled(false).redirects().follow(false).cookie("__Host-certyneo_slack_state", "x")
                .get("/slack/oauth/callback?code=c&state=" + value).then().statusCode(400)
                .contentType(startsWith("application/problem+json")).body("field", equalTo("state"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/slack/events", "/slack/interactions"})
    void aMissingOrStaleTimestampIs401BeforeTheBodyIsSent(String path) throws Exception {
        String stale = Long.toString(Instant.now().getEpochSecond() - 301);
        for (String header : new String[]{"", "X-Slack-Request-Timestamp: " + stale + "\r\n",
                "X-Slack-Request-Timestamp: soon\r\n"}) {
            try (Socket socket = new Socket("localhost", RestAssured.port)) {
                socket.setSoTimeout(5000);
                OutputStream out = socket.getOutputStream();
                // announces 5 MB but sends none of it: only a server that does not wait for the body answers
                String type = path.endsWith("interactions") ? "application/x-www-form-urlencoded" : "application/json";
                out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + type + "\r\n"
                        + header + "X-Slack-Signature: v0=00\r\nContent-Length: 5000000\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                byte[] head = in.readNBytes(12);
                assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 401");
            }
        }
    }
}
