package com.certyneo.slack.slackapp;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.certyneo.slack.testsupport.AdminTokens;
import com.certyneo.slack.testsupport.Db;
import com.certyneo.slack.testsupport.FakeSlack;
import com.certyneo.slack.testsupport.FakeSlack.OAuthGrant;
import com.certyneo.slack.testsupport.InstallFlow;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Every forged, replayed or stale OAuth step fails and stores nothing. */
@QuarkusTest
class OAuthStateAttacksTest {

    private static final String ACC = "acc_attack";
    private static final String TOKEN = "xoxb-attack-3333-secret";

    private final FakeSlack slack = FakeSlack.get();

    @BeforeEach
    void reset() {
        slack.reset();
        Db.update("delete from installation where account_id = ?", ACC);
        Db.update("delete from oauth_state where account_id = ?", ACC);
        slack.addOAuthCode("good-code", OAuthGrant.of(TOKEN));
    }

    @Test
    void unknownStateIsRefusedAndStoresNothing() {
        String forged = "forged-state-value";
        InstallFlow.callback("code=good-code&state=" + forged, forged).then().statusCode(400)
                .contentType(startsWith("application/problem+json"));
        assertNothingStored();
    }

    @Test
    void reusedStateIsRefusedAndStoresNothing() {
        InstallFlow.Opened browser = InstallFlow.open(InstallFlow.installLink(ACC));
        InstallFlow.callback("error=access_denied&state=" + browser.state(), browser.cookie()).then().statusCode(302)
                .header("Location", InstallFlow.RETURN_URL + "?slack=error&reason=access_denied");

        Response replay = InstallFlow.callback("code=good-code&state=" + browser.state(), browser.cookie());
        replay.then().statusCode(302);
        assertThat(replay.header("Location")).isEqualTo(InstallFlow.RETURN_URL
                + "?slack=error&reason=state_already_used");
        assertNothingStored();
    }

    @Test
    void stateUsedForASuccessfulInstallCannotInstallAgain() {
        InstallFlow.Opened browser = InstallFlow.open(InstallFlow.installLink(ACC));
        InstallFlow.callback("code=good-code&state=" + browser.state(), browser.cookie()).then().statusCode(302)
                .header("Location", InstallFlow.RETURN_URL + "?slack=connected");
        Object connectedAt = Db.one("select connected_at from installation where account_id = ?", ACC)
                .get("connected_at");
        slack.addOAuthCode("second-code", OAuthGrant.of("xoxb-attack-other"));

        InstallFlow.callback("code=second-code&state=" + browser.state(), browser.cookie()).then().statusCode(302)
                .header("Location", containsString("reason=state_already_used"));
        assertThat(slack.calls(FakeSlack.OAUTH_V2_ACCESS)).hasSize(1);
        assertThat(Db.one("select connected_at from installation where account_id = ?", ACC).get("connected_at"))
                .isEqualTo(connectedAt);
    }

    @Test
    void expiredStateIsRefusedAndStoresNothing() {
        InstallFlow.Opened browser = InstallFlow.open(InstallFlow.installLink(ACC));
        Db.update("update oauth_state set expires_at = now() - interval '1 second' where state = ?", browser.state());

        InstallFlow.callback("code=good-code&state=" + browser.state(), browser.cookie()).then().statusCode(302)
                .header("Location", InstallFlow.RETURN_URL + "?slack=error&reason=state_expired");
        assertNothingStored();
    }

    @Test
    void missingCookieIsRefusedAndStoresNothing() {
        InstallFlow.Opened browser = InstallFlow.open(InstallFlow.installLink(ACC));
        InstallFlow.callback("code=good-code&state=" + browser.state(), null).then().statusCode(400)
                .contentType(startsWith("application/problem+json")).body("field", equalTo("state"));
        assertNothingStored();

        // the admin's own browser can still finish: the refused attempt did not burn the state
        InstallFlow.callback("code=good-code&state=" + browser.state(), browser.cookie()).then().statusCode(302)
                .header("Location", InstallFlow.RETURN_URL + "?slack=connected");
    }

    @Test
    void cookieOfAnotherInstallIsRefusedAndStoresNothing() {
        InstallFlow.Opened victim = InstallFlow.open(InstallFlow.installLink(ACC));
        InstallFlow.Opened attacker = InstallFlow.open(InstallFlow.installLink("acc_attacker"));

        InstallFlow.callback("code=good-code&state=" + victim.state(), attacker.cookie()).then().statusCode(400);
        InstallFlow.callback("code=good-code&state=" + attacker.state(), victim.cookie()).then().statusCode(400);
        assertNothingStored();
        assertThat(Db.count("select count(*) from installation where account_id = 'acc_attacker'")).isZero();
    }

    @Test
    void stateOfATicketNeverOpenedIsRefused() {
        InstallFlow.installLink(ACC);
        String state = (String) Db.one("select state from oauth_state where account_id = ? order by created_at desc",
                ACC).get("state");
        InstallFlow.callback("code=good-code&state=" + state, state).then().statusCode(400);
        assertNothingStored();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://app.certyneo.com.evil.com/settings", "https://evil.com/settings",
            "https://app.certyneo.com@evil.com/settings", "http://app.certyneo.com/settings",
            "https://app.certyneo.com/settings-evil", "javascript:alert(1)", ""})
    void returnUrlOutsideTheAllowedPrefixesIsRefused(String returnUrl) {
        given().auth().oauth2(AdminTokens.admin(ACC)).contentType(ContentType.JSON)
                .body(Map.of("return_url", returnUrl)).post("/api/v1/accounts/{acc}/slack/install", ACC)
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("field", equalTo("return_url"));
        assertThat(Db.count("select count(*) from oauth_state where account_id = ?", ACC)).isZero();
    }

    @Test
    void installLinkOpensOnlyOnce() {
        String link = InstallFlow.installLink(ACC);
        InstallFlow.open(link);
        Response again = given().redirects().follow(false).get(link);
        again.then().statusCode(302);
        assertThat(again.header("Location")).isEqualTo(InstallFlow.RETURN_URL
                + "?slack=error&reason=link_already_used");
        assertThat(again.header("Location")).doesNotContain("slack.com");
    }

    @Test
    void unknownInstallLinkIs400() {
        given().redirects().follow(false).get("/slack/install?ticket=nope").then().statusCode(400)
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    void slackRefusingTheCodeRedirectsWithItsReasonAndStoresNothing() {
        InstallFlow.Opened browser = InstallFlow.open(InstallFlow.installLink(ACC));
        InstallFlow.callback("code=unknown-code&state=" + browser.state(), browser.cookie()).then().statusCode(302)
                .header("Location", InstallFlow.RETURN_URL + "?slack=error&reason=invalid_code");
        assertNothingStored();
    }

    @Test
    void grantWithoutTheTwoScopesStoresNothing() {
        slack.addOAuthCode("narrow-code", new OAuthGrant(FakeSlack.TEAM_ID, FakeSlack.TEAM_NAME, FakeSlack.BOT_USER_ID,
                FakeSlack.APP_ID, "chat:write", TOKEN, null));
        InstallFlow.Opened browser = InstallFlow.open(InstallFlow.installLink(ACC));
        InstallFlow.callback("code=narrow-code&state=" + browser.state(), browser.cookie()).then().statusCode(302)
                .header("Location", InstallFlow.RETURN_URL + "?slack=error&reason=missing_scopes");
        assertThat(Db.count("select count(*) from installation where account_id = ?", ACC)).isZero();
        // the token Slack granted anyway is not left alive
        assertThat(slack.calls(FakeSlack.AUTH_REVOKE)).singleElement()
                .satisfies(call -> assertThat(call.authorization()).isEqualTo("Bearer " + TOKEN));
    }

    @Test
    void installStartedFromSlackShowsAPageAndStoresNothing() {
        given().redirects().follow(false).get("/slack/oauth/callback?code=good-code").then().statusCode(200)
                .contentType(startsWith("text/html")).body(containsString("Settings → Integrations"));
        assertThat(slack.calls(FakeSlack.OAUTH_V2_ACCESS)).isEmpty();
        assertNothingStored();
    }

    private void assertNothingStored() {
        assertThat(Db.count("select count(*) from installation where account_id = ?", ACC)).isZero();
        assertThat(slack.calls(FakeSlack.OAUTH_V2_ACCESS)).noneMatch(FakeSlack.Call::ok);
    }
}
