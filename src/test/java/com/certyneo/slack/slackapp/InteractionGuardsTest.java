package com.certyneo.slack.slackapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.certyneo.slack.slackapp.ResendData.Audit;
import com.certyneo.slack.testsupport.FakeCertyneo.ResendCall;
import com.certyneo.slack.testsupport.FakeSlackHooks.Hook;
import com.certyneo.slack.testsupport.Management;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * Every "no call to Certyneo" rule of the Re-send button, tried on purpose. Negative checks are closed by a
 * valid click sent afterwards: once it has completed, anything the earlier request could have
 * started would have shown.
 */
@QuarkusTest
class InteractionGuardsTest extends ResendScenario {

    /** A valid click whose completion proves earlier requests started nothing; returns Certyneo's calls. */
    private List<ResendCall> closeWithAValidClick() {
        String marker = ResendData.unique("env_");
        data.expiredEvent(account, marker);
        Clicks.resend(team, "U0MARKER", marker, slack.newResponseUrl(team)).then().statusCode(200);
        assertThat(awaitOutcome(marker).outcome()).isEqualTo("resent");
        return certyneo.resendCalls();
    }

    @Test
    void badOrStaleOrMissingSignatureIsAnsweredUnauthorizedAndCertyneoIsNotCalled() {
        long auditBefore = data.auditRows();
        String body = Clicks.form(Clicks.payload(team, "U0EVE", Interaction.RESEND_ACTION, envelope,
                slack.newResponseUrl(team)));
        String now = Long.toString(Instant.now().getEpochSecond());
        String stale = Long.toString(Instant.now().minusSeconds(360).getEpochSecond());
        String future = Long.toString(Instant.now().plusSeconds(360).getEpochSecond());

        // wrong secret
        Clicks.post(body, now, SlackSignatureVerifier.sign("not-the-secret", now, body)).then().statusCode(401)
                .contentType("application/problem+json").body("status", equalTo(401));
        // right secret, stale or future timestamp (replay)
        Clicks.post(body, stale, SlackSignatureVerifier.sign(Clicks.SIGNING_SECRET, stale, body)).then()
                .statusCode(401);
        Clicks.post(body, future, SlackSignatureVerifier.sign(Clicks.SIGNING_SECRET, future, body)).then()
                .statusCode(401);
        // signature of another body (tampered payload)
        Clicks.post(body, now, SlackSignatureVerifier.sign(Clicks.SIGNING_SECRET, now, body + "&x=1")).then()
                .statusCode(401);
        // no signature at all, no timestamp at all
        Clicks.post(body, now, null).then().statusCode(401);
        Clicks.post(body, null, SlackSignatureVerifier.sign(Clicks.SIGNING_SECRET, now, body)).then().statusCode(401);
        // the error body never echoes the signature
        String answer = Clicks.post(body, now, "v0=deadbeef").then().statusCode(401).extract().asString();
        assertThat(answer).doesNotContain("deadbeef");

        assertThat(closeWithAValidClick()).extracting(ResendCall::envelopeId).doesNotContain(envelope).hasSize(1);
        assertThat(data.audit(envelope)).isEmpty();
        assertThat(data.auditRows()).isEqualTo(auditBefore + 1);
    }

    @Test
    void aClickFromAnUnknownWorkspaceIsRefusedPolitelyWithoutCallingCertyneo() {
        String stranger = ResendData.slackId('T');
        String url = slack.newResponseUrl(stranger);

        Clicks.resend(stranger, "U0EVE", envelope, url).then().statusCode(200);

        Hook reply = awaitReply(url);
        assertThat(reply.responseType()).isEqualTo("ephemeral");
        assertThat(reply.text()).contains("not connected to Certyneo");
        Audit audit = awaitOutcome(envelope);
        assertThat(audit.outcome()).isEqualTo("refused_unknown_team");
        assertThat(audit.accountId()).isNull();
        assertThat(closeWithAValidClick()).extracting(ResendCall::envelopeId).doesNotContain(envelope);
    }

    @Test
    void aClickFromARevokedInstallationIsRefusedWithoutCallingCertyneo() {
        ResendData.Workspace revoked = data.workspaceWithExpiredEnvelope("revoked");
        String url = slack.newResponseUrl(revoked.team());

        Clicks.resend(revoked.team(), "U0EVE", revoked.envelope(), url).then().statusCode(200);

        assertThat(awaitReply(url).text()).contains("not connected to Certyneo");
        assertThat(awaitOutcome(revoked.envelope()).outcome()).isEqualTo("refused_not_connected");
        assertThat(closeWithAValidClick()).extracting(ResendCall::envelopeId).doesNotContain(revoked.envelope());
    }

    @Test
    void aClickForAnotherAccountsEnvelopeIsRefusedWithoutCallingCertyneo() {
        String otherAccount = ResendData.unique("acc_");
        data.installation(otherAccount, ResendData.slackId('T'), "connected");
        String foreign = ResendData.unique("env_");
        data.expiredEvent(otherAccount, foreign);
        String url = slack.newResponseUrl(team);

        Clicks.resend(team, "U0EVE", foreign, url).then().statusCode(200);

        assertThat(awaitReply(url).text()).contains("does not belong");
        Audit audit = awaitOutcome(foreign);
        assertThat(audit.outcome()).isEqualTo("refused_foreign_envelope");
        assertThat(closeWithAValidClick()).extracting(ResendCall::envelopeId).doesNotContain(foreign);
    }

    @Test
    void aResponseUrlOutsideSlackIsNeitherCalledNorActedOn() {
        String elsewhere = slack.prefix().replace("/actions/", "/elsewhere/") + "T1/2/x";

        Clicks.resend(team, "U0EVE", envelope, elsewhere).then().statusCode(200);

        Audit audit = awaitOutcome(envelope);
        assertThat(audit.outcome()).isEqualTo("refused_invalid");
        assertThat(closeWithAValidClick()).extracting(ResendCall::envelopeId).doesNotContain(envelope);
        assertThat(slack.hooks()).extracting(Hook::path).noneMatch(path -> path.startsWith("/elsewhere/"));
    }

    @Test
    void unknownActionsAreAcknowledgedAndNothingIsDone() {
        long auditBefore = data.auditRows();
        String url = slack.newResponseUrl(team);

        Clicks.post(Clicks.form(Clicks.payload(team, "U0EVE", "envelope.open", envelope, url))).then()
                .statusCode(200);
        Clicks.post(Clicks.form("{\"type\":\"view_submission\",\"team\":{\"id\":\"" + team + "\"}}")).then()
                .statusCode(200);

        assertThat(closeWithAValidClick()).hasSize(1);
        assertThat(slack.hooks(url)).isEmpty();
        assertThat(data.auditRows()).isEqualTo(auditBefore + 1);
    }

    @Test
    void aSignedButMalformedRequestIsAClearBadRequest() {
        Clicks.post("nothing=here").then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("payload"));
        Clicks.post("payload=%7Bnot-json").then().statusCode(400).body("field", equalTo("payload"));
        Clicks.post(Clicks.form("[1,2]")).then().statusCode(400).body("field", equalTo("payload"));
        Clicks.post(Clicks.form("{\"team\":{}}")).then().statusCode(400).body("field", equalTo("payload.type"));
    }

    @Test
    void clicksAndTheirOutcomesAreCountedWithBoundedLabels() {
        Clicks.resend(team, "U0ALICE", envelope, slack.newResponseUrl(team)).then().statusCode(200);
        awaitOutcome(envelope);

        String metrics = await().atMost(WAIT).until(
                () -> RestAssured.get(Management.url("/q/metrics")).then().statusCode(200).extract().asString(),
                text -> text.matches(
                        "(?s).*slack_interactions_total\\{action=\"envelope.resend\",outcome=\"resent\"[^}]*} [1-9].*"));
        assertThat(metrics).contains("certyneo_api_resend_seconds_count{outcome=\"resent\"");
        // ids of teams, users, accounts or envelopes never become labels
        assertThat(metrics).doesNotContain(team).doesNotContain(account).doesNotContain(envelope);
    }
}
