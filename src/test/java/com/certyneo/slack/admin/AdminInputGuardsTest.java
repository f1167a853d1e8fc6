package com.certyneo.slack.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.stringContainsInOrder;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.AdminTokens;
import com.certyneo.slack.testsupport.Db;
import com.certyneo.slack.testsupport.InstallFlow;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * SPEC section 4: admin request bodies and query strings of the wrong shape are 400 (or 413 when too large)
 * application/problem+json naming the field, never a 500. Validation comes before any lookup, so no installation
 * is needed.
 */
@QuarkusTest
class AdminInputGuardsTest {

    private static final String ACC = "acc_guards";
    private static final String BASE = "/api/v1/accounts/{acc}/slack";

    private static RequestSpecification admin() {
        return given().auth().oauth2(AdminTokens.admin(ACC)).contentType(ContentType.JSON);
    }

    private static void badField(RequestSpecification request, String method, String path, String field) {
        request.request(method, BASE + path, ACC).then().statusCode(400)
                .contentType(startsWith("application/problem+json")).body("field", equalTo(field));
    }

    @Test
    void aNullEventIs400NamingItsPlace() {
        badField(admin().body("{\"events\":[null]}"), "PUT", "/events", "events[0]");
        badField(admin().body("{\"events\":[\"envelope.sent\",null]}"), "PUT", "/events", "events[1]");
    }

    @Test
    void wrongJsonTypesAre400NamingTheField() {
        badField(admin().body("{\"events\":[{}]}"), "PUT", "/events", "events[0]");
        badField(admin().body("{\"events\":[[\"envelope.sent\"]]}"), "PUT", "/events", "events[0]");
        badField(admin().body("{\"events\":{\"a\":1}}"), "PUT", "/events", "events");
        badField(admin().body("{\"channel_id\":{\"id\":\"C0GENERAL\"}}"), "PUT", "/channel", "channel_id");
        badField(admin().body("{\"channel_id\":[]}"), "PUT", "/channel", "channel_id");
        badField(admin().body("{\"return_url\":[\"https://app.certyneo.com/settings\"]}"), "POST", "/install",
                "return_url");
        badField(admin().body("{\"return_url\":{}}"), "POST", "/install", "return_url");
    }

    @Test
    void unknownEventNamesAre400() {
        badField(admin().body("{\"events\":[1, true, \"x\"]}"), "PUT", "/events", "events");
    }

    @Test
    void unknownEventNamesAreShownAsSentNeverReadAsMessageExpressions() {
        String[] names = {"${1+1}", "{jakarta.validation.constraints.NotNull.message}", "\\{x}", "#{2*3}"};
        admin().body(Map.of("events", List.of(names))).put(BASE + "/events", ACC).then()
                .statusCode(400).body("field", equalTo("events"))
                .body("detail", stringContainsInOrder(names));
    }

    @Test
    void aMalformedAccountIdIs400ForATokenThatMayActOnItAnd403ForOneThatMayNot() {
        given().auth().oauth2(AdminTokens.platform()).get(BASE, "acc with spaces").then().statusCode(400)
                .contentType(startsWith("application/problem+json")).body("field", equalTo("acc"));
        given().auth().oauth2(AdminTokens.admin(ACC)).get(BASE, "acc with spaces").then().statusCode(403)
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    void aMissingBodyIs400NamingTheBody() {
        badField(admin(), "PUT", "/channel", "body");
        badField(admin(), "PUT", "/events", "body");
        badField(admin(), "POST", "/install", "body");
    }

    @Test
    void anOversizedBodyIs413ProblemJsonBeforeItIsRead() {
        String big = "{\"events\":[" + "\"envelope.sent\",".repeat(10_000) + "\"envelope.sent\"]}";
        admin().body(big).put(BASE + "/events", ACC).then().statusCode(413)
                .contentType(startsWith("application/problem+json")).body("status", equalTo(413));
    }

    @Test
    void aChunkedBodyWithoutALengthIs411ProblemJsonBeforeItIsRead() throws Exception {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            // the first chunk announces 5 MB and none of it follows: only a server that does not read answers
            out.write(("POST /api/v1/accounts/" + ACC + "/slack/install HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + AdminTokens.admin(ACC) + "\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n4C4B40\r\n{\"return_url\":\"")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(answer).isEqualTo("HTTP/1.1 411");
        }
    }

    @Test
    void aChannelCursorSlackDoesNotKnowIs400NotABadGateway() {
        Db.update("delete from installation where account_id = ?", ACC);
        InstallFlow.connect(ACC, "xoxb-guards-3333-token").then().statusCode(302);
        badField(admin().queryParam("cursor", "9223372036854775807"), "GET", "/channels", "cursor");
        Db.update("delete from installation where account_id = ?", ACC);
    }

    @Test
    void queryStringsOfTheWrongShapeAre400NamingTheParameter() {
        for (String cursor : new String[]{"-1", "0", "abc", "9223372036854775808", "1e3", " 5", "%00"}) {
            badField(admin().queryParam("cursor", cursor), "GET", "/deliveries", "cursor");
        }
        for (String limit : new String[]{"0", "-5", "201", "99999999999999999999", "ten", "1.5", ""}) {
            if (!limit.isEmpty()) {
                badField(admin().queryParam("limit", limit), "GET", "/deliveries", "limit");
            }
        }
        for (String cursor : new String[]{"<script>", "a b", "x".repeat(600), "ü"}) {
            badField(admin().queryParam("cursor", cursor), "GET", "/channels", "cursor");
        }
    }
}
