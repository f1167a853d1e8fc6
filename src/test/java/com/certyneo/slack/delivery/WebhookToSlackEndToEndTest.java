package com.certyneo.slack.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.FakeSlack;
import com.certyneo.slack.testsupport.FakeSlack.Call;
import com.certyneo.slack.testsupport.FakeSlack.Channel;
import com.certyneo.slack.testsupport.StandardWebhooks;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The whole path: a signed Certyneo webhook, retried by Certyneo, becomes exactly one Slack message. */
@QuarkusTest
class WebhookToSlackEndToEndTest {

    // the %test profile's first CERTYNEO_WEBHOOK_SECRETS entry
    static final String SECRET = "whsec_Y2VydHluZW8tdGVzdC1zZWNyZXQtMzItYnl0ZXMhISE=";

    @Inject
    DeliveryFixtures fixtures;

    @Test
    void aWebhookDeliveredTwiceByCertyneoBecomesOneSlackMessageAndLeavesNoPersonalData() throws Exception {
        FakeSlack slack = FakeSlack.get();
        slack.reset();
        String channel = DeliveryFixtures.channel("CE2E");
        slack.setChannels(List.of(Channel.publicChannel(channel, "e2e", true)));
        var inst = fixtures.install(FakeSlack.TEAM_ID, channel, FakeSlack.BOT_TOKEN);
        String eventId = "evt_" + UUID.randomUUID();
        JsonObject event = new JsonObject(read("/fixtures/events/envelope.declined.json")).put("id", eventId)
                .put("account_id", inst.accountId());
        event.getJsonObject("data").getJsonObject("envelope").put("title", "<!channel> <@U1> <http://x|y> & co");
        byte[] body = event.encode().getBytes(StandardCharsets.UTF_8);

        post(body, "msg_1").then().statusCode(202);
        post(body, "msg_2").then().statusCode(200); // Certyneo's retry: a duplicate

        await().atMost(Duration.ofSeconds(15)).until(() -> !slack.posts(channel).isEmpty());
        Row delivery = fixtures.one("select * from delivery where event_id = $1", Tuple.of(eventId));
        await().atMost(Duration.ofSeconds(10)).until(
                () -> "sent".equals(fixtures.one("select status from delivery where event_id = $1", Tuple.of(eventId))
                        .getString("status")));
        Thread.sleep(1500); // a second message, if any, would have had time to arrive
        List<Call> posts = slack.posts(channel);
        assertThat(posts).hasSize(1);
        String text = posts.get(0).body().get("attachments").get(0).get("blocks").get(0).get("text").get("text")
                .asText();
        assertThat(text).startsWith(
                "❌ Document *&lt;!channel&gt; &lt;@U1&gt; &lt;http://x|y&gt; &amp; co* declined by *Bob Leroy*.")
                .endsWith("Reason: *Wrong amount in clause 4*");
        assertThat(posts.get(0).body().get("attachments").get(0).get("color").asText()).isEqualTo("#E01E5A");
        assertThat(fixtures.one("select payload from webhook_event where event_id = $1", Tuple.of(eventId))
                .getValue("payload")).isNull();
        assertThat(delivery).isNotNull();
    }

    private static io.restassured.response.Response post(byte[] body, String webhookId) throws Exception {
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        String signature = StandardWebhooks.sign(SECRET, webhookId, timestamp, body);
        return given().contentType(ContentType.JSON).header("webhook-id", webhookId)
                .header("webhook-timestamp", timestamp).header("webhook-signature", signature).body(body)
                .post("/webhooks/certyneo");
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = WebhookToSlackEndToEndTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
