package com.certyneo.slack.slackapp;

import static io.restassured.RestAssured.given;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Without SLACK_SIGNING_SECRET (refused at a production start; possible in local/dev) the Slack endpoints trust
 * nothing: no made-up fallback secret that anyone reading the source could sign with.
 */
@QuarkusTest
@TestProfile(NoSigningSecretTest.Unset.class)
class NoSigningSecretTest {

    public static class Unset implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("slack.signing-secret", "");
        }
    }

    @Test
    void requestsSignedWithAGuessableSecretAreRefusedOnBothEndpoints() {
        String body = "{\"type\":\"url_verification\",\"challenge\":\"let-me-in\"}";
        for (String guess : new String[]{"unset", " "}) {
            String timestamp = Long.toString(Instant.now().getEpochSecond());
            String signature = SlackSignatureVerifier.sign(guess, timestamp, body);
            given().contentType("application/json").body(body).header("X-Slack-Request-Timestamp", timestamp)
                    .header("X-Slack-Signature", signature).post("/slack/events").then().statusCode(401);
            String form = "payload=%7B%7D";
            given().contentType("application/x-www-form-urlencoded").body(form)
                    .header("X-Slack-Request-Timestamp", timestamp)
                    .header("X-Slack-Signature", SlackSignatureVerifier.sign(guess, timestamp, form))
                    .post("/slack/interactions").then().statusCode(401);
        }
    }
}
