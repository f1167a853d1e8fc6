package com.certyneo.slack.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.AdminTokens;
import com.certyneo.slack.testsupport.FakeSlack;
import com.certyneo.slack.testsupport.FakeSlack.Call;
import com.certyneo.slack.testsupport.FakeSlack.Channel;
import com.certyneo.slack.testsupport.StandardWebhooks;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;

/**
 * SPEC sections 3 and 4: an account that chose {@code locale: fr} in its settings gets its events in French, through
 * the whole path (signed webhook, queue, dispatcher, Slack over HTTP), each line shown once.
 */
@QuarkusTest
class FrenchDeliveryEndToEndTest {

    @Inject
    DeliveryFixtures fixtures;

    @Test
    void anInstallationInFrenchReceivesItsMessagesInFrenchOnce() throws Exception {
        FakeSlack slack = FakeSlack.get();
        slack.reset();
        String channel = DeliveryFixtures.channel("CFR");
        slack.setChannels(List.of(Channel.publicChannel(channel, "signatures", true)));
        var inst = fixtures.install(FakeSlack.TEAM_ID, channel, FakeSlack.BOT_TOKEN);
        given().auth().oauth2(AdminTokens.admin(inst.accountId())).contentType(ContentType.JSON)
                .body(Map.of("locale", "fr")).put("/api/v1/accounts/{acc}/slack/settings", inst.accountId()).then()
                .statusCode(200);

        post(event("recipient.signed", inst.accountId()));
        post(event("envelope.expired", inst.accountId()));

        await().atMost(Duration.ofSeconds(20)).until(() -> slack.posts(channel).size() == 2);
        List<Call> posts = slack.posts(channel);
        JsonNode signed = posts.get(0).body();
        assertThat(signed.at("/attachments/0/blocks/0/text/text").asText())
                .isEqualTo("✍️ *Alice Dupont* vient de signer le document *NDA Acme 2027* (1 signature sur 3)");
        assertThat(posts.get(0).text())
                .isEqualTo("✍️ Alice Dupont vient de signer le document NDA Acme 2027 (1 signature sur 3)");
        JsonNode expired = posts.get(1).body();
        assertThat(expired.at("/attachments/0/blocks/0/text/text").asText())
                .endsWith("Signatures manquantes\u00A0: *Bob Leroy et Chloé Martin*");
        assertThat(expired.at("/attachments/0/blocks/1/elements/0/text/text").asText()).isEqualTo("Renvoyer");
        for (Call post : posts) {
            // the line once: in the attachment beside the colour bar, not again as a top-level text
            assertThat(post.body().has("text")).isFalse();
            assertThat(post.body().at("/attachments/0/color").asText()).matches("#[0-9A-F]{6}");
            assertThat(post.ok()).isTrue();
        }
    }

    private static JsonObject event(String type, String accountId) throws Exception {
        try (InputStream in = FrenchDeliveryEndToEndTest.class.getResourceAsStream("/fixtures/events/" + type
                + ".json")) {
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .put("id", "evt_" + UUID.randomUUID()).put("account_id", accountId);
        }
    }

    private static void post(JsonObject event) throws Exception {
        byte[] body = event.encode().getBytes(StandardCharsets.UTF_8);
        String webhookId = "msg_" + UUID.randomUUID();
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        String signature = StandardWebhooks.sign(WebhookToSlackEndToEndTest.SECRET, webhookId, timestamp, body);
        given().contentType(ContentType.JSON).header("webhook-id", webhookId).header("webhook-timestamp", timestamp)
                .header("webhook-signature", signature).body(body).post("/webhooks/certyneo").then().statusCode(202);
    }
}
