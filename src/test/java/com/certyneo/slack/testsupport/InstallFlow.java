package com.certyneo.slack.testsupport;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import com.certyneo.slack.slackapp.SlackOAuthResource;
import com.certyneo.slack.testsupport.FakeSlack.OAuthGrant;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Drives the browser side of the OAuth install against the running app, as a browser would. */
public final class InstallFlow {

    public static final String RETURN_URL = "https://app.certyneo.com/settings/integrations";

    /** The browser after /slack/install: the state cookie and where it was sent. */
    public record Opened(String cookie, URI authorizeUrl, Map<String, String> params) {
        public String state() {
            return params.get("state");
        }
    }

    private InstallFlow() {
    }

    /** POST …/slack/install as the account's admin; the install link's path and query. */
    public static String installLink(String accountId) {
        String url = given().auth().oauth2(AdminTokens.admin(accountId)).contentType(ContentType.JSON)
                .body(Map.of("return_url", RETURN_URL))
                .post("/api/v1/accounts/{acc}/slack/install", accountId)
                .then().statusCode(200).extract().path("install_url");
        URI uri = URI.create(url);
        return uri.getRawPath() + "?" + uri.getRawQuery();
    }

    /** GET the install link without following the redirect to Slack. */
    public static Opened open(String link) {
        Response response = given().redirects().follow(false).get(link);
        assertThat(response.statusCode()).isEqualTo(302);
        URI location = URI.create(response.header("Location"));
        return new Opened(response.cookie(SlackOAuthResource.STATE_COOKIE), location, query(location));
    }

    /** The callback as Slack's redirect makes the browser call it. */
    public static Response callback(String query, String cookie) {
        var request = given().redirects().follow(false);
        if (cookie != null) {
            request = request.cookie(SlackOAuthResource.STATE_COOKIE, cookie);
        }
        return request.get("/slack/oauth/callback?" + query);
    }

    /** Full install for {@code accountId}: Slack grants {@code grant} for {@code code}. */
    public static Response connect(String accountId, String code, OAuthGrant grant) {
        FakeSlack.get().addOAuthCode(code, grant);
        Opened opened = open(installLink(accountId));
        return callback("code=" + code + "&state=" + opened.state(), opened.cookie());
    }

    public static Response connect(String accountId, String token) {
        FakeSlack.get().addToken(token);
        return connect(accountId, "code-" + token, OAuthGrant.of(token));
    }

    public static Map<String, String> query(URI uri) {
        return uri.getRawQuery() == null ? new LinkedHashMap<>() : LocalHttp.form(uri.getRawQuery());
    }
}
