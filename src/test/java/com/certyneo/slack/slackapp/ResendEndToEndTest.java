package com.certyneo.slack.slackapp;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.FakeCertyneo;
import com.certyneo.slack.testsupport.FakeCertyneo.ResendCall;
import com.certyneo.slack.testsupport.FakeSlack;
import com.certyneo.slack.testsupport.FakeSlackHooks;
import com.certyneo.slack.testsupport.StandardWebhooks;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The whole path: a signed envelope.expired webhook becomes a Slack message with a Re-send button
 * (intake + delivery), the event's personal data is erased once it is sent, and a click on that
 * very button re-sends the envelope for the right account.
 */
@QuarkusTest
class ResendEndToEndTest {

    private static final String WEBHOOK_SECRET = "whsec_Y2VydHluZW8tdGVzdC1zZWNyZXQtMzItYnl0ZXMhISE=";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @Inject
    CircuitBreakerMaintenance circuits;

    @Test
    void theButtonOfADeliveredExpiredMessageResendsThatEnvelope() throws IOException {
        circuits.resetAll();
        FakeCertyneo certyneo = FakeCertyneo.get();
        certyneo.reset();
        ResendData data = new ResendData(pool);
        String team = ResendData.slackId('T');
        String channel = ResendData.slackId('C');
        String account = ResendData.unique("acc_");
        String envelope = ResendData.unique("env_");
        data.installation(account, team, "connected", channel);

        ObjectNode event = fixture("envelope.expired");
        String eventId = "evt_" + UUID.randomUUID();
        event.put("id", eventId).put("account_id", account);
        ((ObjectNode) event.path("data").path("envelope")).put("id", envelope);
        postWebhook(JSON.writeValueAsBytes(event));

        JsonNode message = await().atMost(WAIT).until(() -> FakeSlack.get().postedMessages().stream()
                .filter(call -> channel.equals(call.channel())).findFirst(), java.util.Optional::isPresent).get()
                .body();
        JsonNode button = findAction(message, Interaction.RESEND_ACTION);
        assertThat(button).as("Re-send button in %s", message).isNotNull();
        // delivered: the event's personal data is gone, its envelope id is not
        await().atMost(WAIT).until(() -> payloadErased(eventId));

        String url = FakeSlackHooks.get().newResponseUrl(team);
        Clicks.post(Clicks.form(Clicks.payload(team, "U0DANA", Interaction.RESEND_ACTION,
                button.path("value").asText(), url))).then().statusCode(200);

        assertThat(await().atMost(WAIT).until(() -> FakeSlackHooks.get().hooks(url), hooks -> hooks.size() == 1)
                .get(0).text()).contains("Re-sent by <@U0DANA>");
        assertThat(certyneo.resendCalls()).extracting(ResendCall::envelopeId, ResendCall::account)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(envelope, account));
    }

    private boolean payloadErased(String eventId) {
        var row = pool
                .preparedQuery("select payload is null as erased, envelope_id from webhook_event where event_id = $1")
                .execute(Tuple.of(eventId)).await().indefinitely().iterator().next();
        return row.getBoolean("erased") && row.getString("envelope_id") != null;
    }

    private static JsonNode findAction(JsonNode node, String actionId) {
        if (node.isObject() && actionId.equals(node.path("action_id").asText(null))) {
            return node;
        }
        for (JsonNode child : node) {
            JsonNode found = findAction(child, actionId);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static ObjectNode fixture(String type) throws IOException {
        try (InputStream in = ResendEndToEndTest.class.getResourceAsStream("/fixtures/events/" + type + ".json")) {
            return (ObjectNode) JSON.readTree(in);
        }
    }

    private static void postWebhook(byte[] body) {
        String id = "msg_" + UUID.randomUUID();
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        given().contentType("application/json").header("webhook-id", id).header("webhook-timestamp", timestamp)
                .header("webhook-signature", StandardWebhooks.sign(WEBHOOK_SECRET, id, timestamp, body)).body(body)
                .post("/webhooks/certyneo")
                .then().statusCode(202);
    }
}
