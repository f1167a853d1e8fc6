package com.certyneo.slack.installation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.AdminTokens;
import com.certyneo.slack.testsupport.Db;
import com.certyneo.slack.testsupport.Deliveries;
import com.certyneo.slack.testsupport.FakeSlack;
import com.certyneo.slack.testsupport.FakeSlack.OAuthGrant;
import com.certyneo.slack.testsupport.FakeSlack.Reply;
import com.certyneo.slack.testsupport.InstallFlow;

import io.quarkus.test.junit.QuarkusTest;

/**
 * A bot token this service stops holding is revoked at Slack, and a token it still holds is never erased while
 * left live at Slack: disconnect racing a reinstall, and a reinstall into another workspace.
 */
@QuarkusTest
class TokenRevocationRaceTest {

    private static final String ACC = "acc_revoke_race";
    private static final String BASE = "/api/v1/accounts/{acc}/slack";
    private static final String OLD_TOKEN = "xoxb-race-1111-old";
    private static final String NEW_TOKEN = "xoxb-race-2222-new";

    private final FakeSlack slack = FakeSlack.get();

    @BeforeEach
    void reset() {
        slack.reset();
        Deliveries.clear(ACC);
        Db.update("delete from installation where account_id = ?", ACC);
    }

    @Test
    void aReinstallDuringASlowDisconnectKeepsItsFreshTokenAndOnlyTheErasedOneIsRevoked() {
        InstallFlow.connect(ACC, OLD_TOKEN).then().statusCode(302);
        // the reinstall's browser is ready before the disconnect starts: only the callback races it
        slack.addToken(NEW_TOKEN);
        slack.addOAuthCode("code-race", OAuthGrant.of(NEW_TOKEN));
        InstallFlow.Opened opened = InstallFlow.open(InstallFlow.installLink(ACC));
        // Slack takes its time to answer auth.revoke (longer than the client waits)
        slack.enqueue(FakeSlack.AUTH_REVOKE, null, Reply.delay(Duration.ofSeconds(4)));

        CompletableFuture<Integer> disconnect = CompletableFuture.supplyAsync(() -> given()
                .auth().oauth2(AdminTokens.admin(ACC)).delete(BASE, ACC).statusCode());
        await().atMost(Duration.ofSeconds(15)).until(() -> !slack.calls(FakeSlack.AUTH_REVOKE).isEmpty());
        InstallFlow.callback("code=code-race&state=" + opened.state(), opened.cookie()).then().statusCode(302);
        assertThat(disconnect.join()).isEqualTo(204);

        // what Slack revoked is exactly what was erased here, and the fresh token is kept and still live
        assertThat(slack.calls(FakeSlack.AUTH_REVOKE)).singleElement()
                .satisfies(call -> assertThat(call.authorization()).isEqualTo("Bearer " + OLD_TOKEN));
        assertThat(slack.isTokenValid(NEW_TOKEN)).isTrue();
        assertThat(Db.one("select status, token_ciphertext is not null as has_token from installation "
                + "where account_id = ?", ACC)).containsEntry("status", "connected").containsEntry("has_token", true);
        given().auth().oauth2(AdminTokens.admin(ACC)).get(BASE, ACC).then().statusCode(200);
    }

    @Test
    void aReinstallIntoAnotherWorkspaceRevokesTheOldWorkspacesToken() {
        InstallFlow.connect(ACC, OLD_TOKEN).then().statusCode(302);
        slack.addToken(NEW_TOKEN, "T0OTHER", "Other Workspace", "U0OTHERBOT");
        InstallFlow.connect(ACC, "code-other", new OAuthGrant("T0OTHER", "Other Workspace", "U0OTHERBOT",
                FakeSlack.APP_ID, "chat:write,channels:read", NEW_TOKEN, null)).then().statusCode(302);

        assertThat(slack.calls(FakeSlack.AUTH_REVOKE)).singleElement()
                .satisfies(call -> assertThat(call.authorization()).isEqualTo("Bearer " + OLD_TOKEN));
        assertThat(slack.isTokenValid(OLD_TOKEN)).isFalse();
        assertThat(slack.isTokenValid(NEW_TOKEN)).isTrue();
        assertThat(Db.one("select team_id, status from installation where account_id = ?", ACC))
                .containsEntry("team_id", "T0OTHER").containsEntry("status", "connected");
    }

    @Test
    void aReinstallIntoTheSameWorkspaceRevokesNothing() {
        InstallFlow.connect(ACC, OLD_TOKEN).then().statusCode(302);
        InstallFlow.connect(ACC, OLD_TOKEN).then().statusCode(302);
        assertThat(slack.calls(FakeSlack.AUTH_REVOKE)).isEmpty();
    }
}
