package com.certyneo.slack.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.AdminTokens;
import com.certyneo.slack.testsupport.Db;
import com.certyneo.slack.testsupport.Deliveries;
import com.certyneo.slack.testsupport.FakeSlack;
import com.certyneo.slack.testsupport.FakeSlack.Channel;
import com.certyneo.slack.testsupport.FakeSlack.OAuthGrant;
import com.certyneo.slack.testsupport.InstallFlow;
import com.certyneo.slack.testsupport.Installations;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** SPEC section 4: {@code PUT …/slack/routes} checks every channel like PUT channel and replaces the set. */
@QuarkusTest
class RoutesApiTest {

    private static final String ACC = "acc_routes_api";
    private static final String BASE = "/api/v1/accounts/{acc}/slack";
    private static final String LEGAL_AND_SALES = "{\"routes\": {\"envelope.declined\": \"C0LEGAL\", "
            + "\"envelope.completed\": \"C0SALES\"}}";

    private final FakeSlack slack = FakeSlack.get();

    @BeforeEach
    void reset() {
        slack.reset();
        slack.setChannels(List.of(Channel.publicChannel("C0GENERAL", "general", true),
                Channel.publicChannel("C0LEGAL", "legal", false), Channel.publicChannel("C0SALES", "sales", true),
                new Channel("C0ARCH", "old", true, true, false), new Channel("G0PRIV", "secret", true, false, true)));
        Deliveries.clear(ACC);
        Db.update("delete from installation where account_id = ?", ACC);
    }

    @Test
    void routesAreCheckedStoredAndShownInTheStatusWithTheInviteHint() {
        Installations.connected(ACC).insert();
        admin().body(LEGAL_AND_SALES).put(BASE + "/routes", ACC).then().statusCode(200)
                .body("routes", aMapWithSize(2))
                .body("routes.'envelope.declined'.id", equalTo("C0LEGAL"))
                .body("routes.'envelope.declined'.name", equalTo("legal"))
                .body("routes.'envelope.declined'.is_member", equalTo(false))
                .body("routes.'envelope.declined'.action",
                        allOf(containsString("#legal"), containsString("/invite @Certyneo")))
                .body("routes.'envelope.completed'.id", equalTo("C0SALES"))
                .body("routes.'envelope.completed'.is_member", equalTo(true))
                .body("routes.'envelope.completed'.action", nullValue());
        assertThat(slack.calls(FakeSlack.CONVERSATIONS_INFO)).hasSize(2);

        admin().get(BASE, ACC).then().statusCode(200).body("routes", aMapWithSize(2))
                .body("routes.'envelope.declined'", equalTo(Map.of("id", "C0LEGAL", "name", "legal")))
                .body("routes.'envelope.completed'", equalTo(Map.of("id", "C0SALES", "name", "sales")))
                .body("channel.id", equalTo("C0GENERAL"));
    }

    @Test
    void theSetIsReplacedAndAnEmptyObjectClearsIt() {
        Installations.connected(ACC).insert();
        admin().body(LEGAL_AND_SALES).put(BASE + "/routes", ACC).then().statusCode(200);

        admin().body("{\"routes\": {\"recipient.signed\": \"C0SALES\"}}").put(BASE + "/routes", ACC).then()
                .statusCode(200).body("routes", aMapWithSize(1));
        admin().get(BASE, ACC).then().body("routes", equalTo(Map.of("recipient.signed",
                Map.of("id", "C0SALES", "name", "sales"))));

        admin().body("{\"routes\": {}}").put(BASE + "/routes", ACC).then().statusCode(200)
                .body("routes", anEmptyMap());
        admin().get(BASE, ACC).then().body("routes", anEmptyMap());
        assertThat(Db.count("select count(*) from installation_route r join installation i on i.id = "
                + "r.installation_id where i.account_id = ?", ACC)).isZero();
    }

    @Test
    void badBodiesAre400NamingTheFieldAndChangeNothing() {
        Installations.connected(ACC).insert();
        admin().body(LEGAL_AND_SALES).put(BASE + "/routes", ACC).then().statusCode(200);
        int checks = slack.calls(FakeSlack.CONVERSATIONS_INFO).size();

        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("{\"routes\": {\"envelope.signed\": \"C0LEGAL\"}}", "routes.envelope.signed");
        refused.put("{\"routes\": {\"envelope.sent\": \"C0SALES\", \"<b>x</b>\": \"C0SALES\"}}", "routes.<b>x</b>");
        refused.put("{\"routes\": {\"envelope.declined\": null}}", "routes.envelope.declined");
        refused.put("{\"routes\": {\"envelope.declined\": 123}}", "routes.envelope.declined");
        refused.put("{\"routes\": {\"envelope.declined\": {\"id\": \"C0LEGAL\"}}}", "routes.envelope.declined");
        refused.put("{\"routes\": {\"envelope.declined\": [\"C0LEGAL\"]}}", "routes.envelope.declined");
        refused.put("{\"routes\": {\"envelope.declined\": \"#legal\"}}", "routes.envelope.declined");
        refused.put("{\"routes\": {\"envelope.declined\": \"c0legal\"}}", "routes.envelope.declined");
        refused.put("{\"routes\": {\"envelope.declined\": \"\"}}", "routes.envelope.declined");
        refused.put("{\"routes\": [\"envelope.declined\"]}", "routes");
        refused.put("{\"routes\": \"C0LEGAL\"}", "routes");
        refused.put("{\"routes\": null}", "routes");
        refused.put("{}", "routes");
        refused.put("{\"routes\": {}, \"channel\": \"C0LEGAL\"}", "channel");
        refused.put("[]", "body");
        refused.forEach((body, field) -> admin().body(body).put(BASE + "/routes", ACC).then().statusCode(400)
                .contentType(startsWith("application/problem+json")).body("field", equalTo(field))
                .body("detail", containsString(field)));
        // refused before Slack is asked
        assertThat(slack.calls(FakeSlack.CONVERSATIONS_INFO)).hasSize(checks);

        // checked at Slack like PUT channel: unknown, archived, private; one bad route refuses the whole set
        // (a private channel the bot may not read is "not found" to Slack, as for PUT channel)
        Map<String, String> channels = Map.of("C0NOPE", "No public channel C0NOPE", "C0ARCH", "archived",
                "G0PRIV", "G0PRIV");
        channels.forEach((channel, words) -> admin()
                .body("{\"routes\": {\"envelope.completed\": \"C0GENERAL\", \"envelope.expired\": \"" + channel
                        + "\"}}")
                .put(BASE + "/routes", ACC).then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("field", equalTo("routes.envelope.expired")).body("detail", containsString(words)));
        admin().body("{\"routes\": {").put(BASE + "/routes", ACC).then().statusCode(400)
                .contentType(startsWith("application/problem+json"));

        admin().get(BASE, ACC).then().body("routes", equalTo(Map.of(
                "envelope.declined", Map.of("id", "C0LEGAL", "name", "legal"),
                "envelope.completed", Map.of("id", "C0SALES", "name", "sales"))));
    }

    @Test
    void routesNeedTheRightAccountAndAConnectedSlack() {
        admin().body(LEGAL_AND_SALES).put(BASE + "/routes", ACC).then().statusCode(409)
                .contentType(startsWith("application/problem+json"));
        Installations.connected(ACC).insert();
        given().auth().oauth2(AdminTokens.admin("acc_someone_else")).contentType(ContentType.JSON)
                .body(LEGAL_AND_SALES).put(BASE + "/routes", ACC).then().statusCode(403)
                .contentType(startsWith("application/problem+json"));
        given().contentType(ContentType.JSON).body(LEGAL_AND_SALES).put(BASE + "/routes", ACC).then()
                .statusCode(401);
        admin().get(BASE, ACC).then().body("routes", anEmptyMap());
        assertThat(slack.calls(FakeSlack.CONVERSATIONS_INFO)).isEmpty();
    }

    @Test
    void aNeedsAttentionAboutAChannelNoLongerRoutedIsCleared() {
        Installations.connected(ACC).health("needs_attention").insert();
        Db.update("update installation set health_reason = 'not_in_channel in #general' where account_id = ?", ACC);
        admin().body(LEGAL_AND_SALES).put(BASE + "/routes", ACC).then().statusCode(200);
        // the installation still posts to #general: the reason stands
        admin().get(BASE, ACC).then().body("health", equalTo("needs_attention"))
                .body("reason", equalTo("not_in_channel in #general"));

        Db.update("update installation set health_reason = 'not_in_channel in #legal' where account_id = ?", ACC);
        admin().body("{\"routes\": {\"envelope.declined\": \"C0SALES\"}}").put(BASE + "/routes", ACC).then()
                .statusCode(200);
        admin().get(BASE, ACC).then().body("health", equalTo("ok")).body("reason", nullValue());
    }

    @Test
    void aReinstallKeepsTheRoutesInTheSameWorkspaceAndDropsThemInAnother() {
        InstallFlow.connect(ACC, FakeSlack.BOT_TOKEN).then().statusCode(302);
        admin().body(LEGAL_AND_SALES).put(BASE + "/routes", ACC).then().statusCode(200);
        InstallFlow.connect(ACC, "code-same-team", OAuthGrant.of(FakeSlack.BOT_TOKEN)).then().statusCode(302);
        admin().get(BASE, ACC).then().body("routes", aMapWithSize(2));

        String other = "xoxb-routes-other-team";
        slack.addToken(other, "T0OTHER", "Other", "U0OTHERBOT");
        InstallFlow.connect(ACC, "code-other-team",
                new OAuthGrant("T0OTHER", "Other", "U0OTHERBOT", "A0OTHER", "chat:write,channels:read", other, null))
                .then().statusCode(302);
        admin().get(BASE, ACC).then().body("team.id", equalTo("T0OTHER")).body("routes", anEmptyMap());
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2(AdminTokens.admin(ACC)).contentType(ContentType.JSON);
    }
}
