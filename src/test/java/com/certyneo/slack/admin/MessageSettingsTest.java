package com.certyneo.slack.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.AdminTokens;
import com.certyneo.slack.testsupport.Db;
import com.certyneo.slack.testsupport.Deliveries;
import com.certyneo.slack.testsupport.Installations;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** SPEC section 4: {@code PUT …/settings} is a validated partial update, and the status shows the settings. */
@QuarkusTest
class MessageSettingsTest {

    private static final String ACC = "acc_msgsettings";
    private static final String BASE = "/api/v1/accounts/{acc}/slack";

    @BeforeEach
    void reset() {
        Deliveries.clear(ACC);
        Db.update("delete from installation where account_id = ?", ACC);
    }

    @Test
    void aNewInstallationPostsOneEnglishMessagePerEventWithoutDigest() {
        Installations.connected(ACC).token("xoxb-msgsettings-1").insert();
        admin().get(BASE, ACC).then().statusCode(200).body("settings.layout", equalTo("message_per_event"))
                .body("settings.locale", equalTo("en")).body("settings.digest.enabled", equalTo(false))
                .body("settings.digest.after", equalTo(10)).body("routes", anEmptyMap());
    }

    @Test
    void keysLeftOutKeepTheirValue() {
        Installations.connected(ACC).token("xoxb-msgsettings-2").insert();
        admin().body(Map.of("locale", "fr")).put(BASE + "/settings", ACC).then().statusCode(200)
                .body("locale", equalTo("fr")).body("layout", equalTo("message_per_event"))
                .body("digest.enabled", equalTo(false)).body("digest.after", equalTo(10));
        admin().body("{\"digest\": {\"after\": 20}}").put(BASE + "/settings", ACC).then().statusCode(200)
                .body("locale", equalTo("fr")).body("digest.enabled", equalTo(false))
                .body("digest.after", equalTo(20));
        admin().body("{\"layout\": \"thread_per_envelope\", \"digest\": {\"enabled\": true}}")
                .put(BASE + "/settings", ACC).then().statusCode(200).body("layout", equalTo("thread_per_envelope"))
                .body("digest.enabled", equalTo(true)).body("digest.after", equalTo(20));
        admin().get(BASE, ACC).then().body("settings.layout", equalTo("thread_per_envelope"))
                .body("settings.locale", equalTo("fr")).body("settings.digest.after", equalTo(20));
        assertThat(Db.one("select layout, locale, digest_enabled, digest_after from installation where account_id = ?",
                ACC)).containsEntry("layout", "thread_per_envelope").containsEntry("locale", "fr")
                .containsEntry("digest_enabled", true).containsEntry("digest_after", 20);
    }

    @Test
    void badSettingsAre400NamingTheFieldAndChangeNothing() {
        Installations.connected(ACC).token("xoxb-msgsettings-3").insert();
        Map<String, String> refused = Map.ofEntries(
                Map.entry("{\"color\": \"red\"}", "color"),
                Map.entry("{\"locale\": null}", "locale"),
                Map.entry("{\"locale\": \"de\"}", "locale"),
                Map.entry("{\"locale\": 1}", "locale"),
                Map.entry("{\"layout\": \"threads\"}", "layout"),
                Map.entry("{\"digest\": true}", "digest"),
                Map.entry("{\"digest\": {\"after\": 2}}", "digest.after"),
                Map.entry("{\"digest\": {\"after\": 101}}", "digest.after"),
                Map.entry("{\"digest\": {\"after\": 10.5}}", "digest.after"),
                Map.entry("{\"digest\": {\"after\": \"10\"}}", "digest.after"),
                Map.entry("{\"digest\": {\"enabled\": \"yes\"}}", "digest.enabled"),
                Map.entry("{\"digest\": {\"every\": 3}}", "digest.every"),
                Map.entry("[\"fr\"]", "body"),
                Map.entry("{\"locale\": \"fr\", \"layout\": \"x\"}", "layout"));
        refused.forEach((body, field) -> admin().body(body).put(BASE + "/settings", ACC).then().statusCode(400)
                .contentType(startsWith("application/problem+json")).body("field", equalTo(field))
                .body("detail", containsString(field)));
        admin().body("{\"locale\": ").put(BASE + "/settings", ACC).then().statusCode(400)
                .contentType(startsWith("application/problem+json"));
        admin().get(BASE, ACC).then().body("settings.locale", equalTo("en"))
                .body("settings.layout", equalTo("message_per_event")).body("settings.digest.after", equalTo(10));
    }

    @Test
    void settingsNeedAConnectedSlackAndTheRightAccount() {
        admin().body(Map.of("locale", "fr")).put(BASE + "/settings", ACC).then().statusCode(409)
                .contentType(startsWith("application/problem+json"));
        Installations.connected(ACC).token("xoxb-msgsettings-4").insert();
        given().auth().oauth2(AdminTokens.admin("acc_someone_else")).contentType(ContentType.JSON)
                .body(Map.of("locale", "fr")).put(BASE + "/settings", ACC).then().statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of("locale", "fr")).put(BASE + "/settings", ACC).then()
                .statusCode(401);
        admin().get(BASE, ACC).then().body("settings.locale", equalTo("en"));
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2(AdminTokens.admin(ACC)).contentType(ContentType.JSON);
    }
}
