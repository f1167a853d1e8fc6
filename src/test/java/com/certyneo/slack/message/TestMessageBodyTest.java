package com.certyneo.slack.message;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.AdminTokens;
import com.certyneo.slack.testsupport.Db;
import com.certyneo.slack.testsupport.Deliveries;
import com.certyneo.slack.testsupport.FakeSlack;
import com.certyneo.slack.testsupport.InstallFlow;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * SPEC section 3: the test message (POST …/slack/test) has the form of every other message — colour bar,
 * fallback text, unfurling off, verbatim mrkdwn — says it is a test and names the Certyneo account.
 */
@QuarkusTest
class TestMessageBodyTest {

    private static final String ACC = "acc_testmessage";
    private static final String TOKEN = "xoxb-testmessage-7777-secret";
    private static final String BASE = "/api/v1/accounts/{acc}/slack";

    private final FakeSlack slack = FakeSlack.get();

    @BeforeEach
    void connect() {
        slack.reset();
        Deliveries.clear(ACC);
        Db.update("delete from installation where account_id = ?", ACC);
        InstallFlow.connect(ACC, TOKEN).then().statusCode(302);
        given().auth().oauth2(AdminTokens.admin(ACC)).contentType(ContentType.JSON)
                .body(Map.of("channel_id", "C0GENERAL")).put(BASE + "/channel", ACC).then().statusCode(200);
    }

    @AfterEach
    void clean() {
        Deliveries.clear(ACC);
    }

    @Test
    void theTestMessageHasTheFormOfEveryOtherMessageAndNamesTheAccount() {
        given().auth().oauth2(AdminTokens.admin(ACC)).post(BASE + "/test", ACC).then().statusCode(200)
                .body("ok", equalTo(true));

        List<FakeSlack.Call> posts = slack.posts("C0GENERAL");
        assertThat(posts).hasSize(1).allMatch(FakeSlack.Call::ok);
        JsonNode body = posts.get(0).body();
        assertThat(body.get("channel").asText()).isEqualTo("C0GENERAL");
        assertThat(body.get("unfurl_links").asBoolean(true)).isFalse();
        assertThat(body.get("unfurl_media").asBoolean(true)).isFalse();
        assertThat(body.has("blocks")).as("blocks go in the attachment, beside the colour bar").isFalse();
        assertThat(body.has("text")).as("a top-level text would show the line a second time").isFalse();
        JsonNode attachment = body.at("/attachments/0");
        assertThat(attachment.get("color").asText()).matches("#[0-9A-F]{6}");
        assertThat(attachment.get("fallback").asText()).contains("test message")
                .contains("Certyneo account " + ACC).doesNotContain("*");
        JsonNode text = attachment.at("/blocks/0/text");
        assertThat(text.get("type").asText()).isEqualTo("mrkdwn");
        assertThat(text.get("verbatim").asBoolean()).isTrue();
        assertThat(text.get("text").asText()).contains("test message").contains("*" + ACC + "*");
    }

    @Test
    void inFrenchTheSlackMessageIsFrenchWhileTheAdminAnswerStaysEnglish() {
        given().auth().oauth2(AdminTokens.admin(ACC)).contentType(ContentType.JSON).body(Map.of("locale", "fr"))
                .put(BASE + "/settings", ACC).then().statusCode(200);

        given().auth().oauth2(AdminTokens.admin(ACC)).post(BASE + "/test", ACC).then().statusCode(200)
                .body("ok", equalTo(true)).body("message", startsWith("Test message posted in #"));

        JsonNode body = slack.posts("C0GENERAL").get(0).body();
        assertThat(body.at("/attachments/0/blocks/0/text/text").asText()).isEqualTo(
                "🧪 Ceci est un message de test envoyé par Certyneo pour le compte Certyneo *" + ACC
                        + "*. Les événements de vos enveloppes seront publiés dans ce canal.");
        assertThat(body.at("/attachments/0/fallback").asText()).startsWith("🧪 Ceci est un message de test")
                .contains("compte Certyneo " + ACC + ".");
        assertThat(body.has("text")).isFalse();
    }
}
