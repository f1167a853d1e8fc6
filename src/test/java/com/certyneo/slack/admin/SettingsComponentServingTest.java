package com.certyneo.slack.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * SPEC section 11: the settings component is served by the service itself (no sandbox or test route involved), with
 * a content-hash ETag answered by 304, an hour's cache on the plain URL and a year's on the URL naming its content,
 * and CORS so that the dashboard's origin can load it as a module.
 */
@QuarkusTest
class SettingsComponentServingTest {

    private static final String URL = "/ui/certyneo-slack-settings.js";

    @Test
    void servesTheModuleWithItsHashAsETagAndALongCache() throws Exception {
        byte[] file;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("ui/certyneo-slack-settings.js")) {
            file = in.readAllBytes();
        }
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file));

        Response first = given().when().get(URL).then().statusCode(200)
                .contentType(startsWith("text/javascript"))
                .header("ETag", equalTo("\"" + hash + "\""))
                .header("Cache-Control", equalTo("public, max-age=3600"))
                .header("Access-Control-Allow-Origin", equalTo("*"))
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .extract().response();
        assertThat(first.asByteArray()).isEqualTo(file);
        assertThat(first.asString()).contains("customElements.define('certyneo-slack-settings'");

        // a browser revalidating its copy: 304, no body, same validators
        given().header("If-None-Match", first.header("ETag")).when().get(URL).then().statusCode(304)
                .header("ETag", equalTo("\"" + hash + "\"")).header("Cache-Control", equalTo("public, max-age=3600"))
                .body(emptyString());
        given().header("If-None-Match", "\"stale\", W/\"" + hash + "\"").when().get(URL).then().statusCode(304);
        given().header("If-None-Match", "\"an-older-release\"").when().get(URL).then().statusCode(200);

        // the URL naming the content is cached for a year; a stale version gets the current file, briefly cached
        given().queryParam("v", hash.substring(0, 16)).when().get(URL).then().statusCode(200)
                .header("Cache-Control", equalTo("public, max-age=31536000, immutable"));
        given().queryParam("v", "0123456789abcdef").when().get(URL).then().statusCode(200)
                .header("Cache-Control", equalTo("public, max-age=3600"));
    }

    @Test
    void needsNoTokenUnlikeTheAdminApi() {
        given().header("Origin", "https://app.certyneo.com").when().get(URL).then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo("*"));
        given().when().head(URL).then().statusCode(200).header("ETag", startsWith("\""));
    }
}
