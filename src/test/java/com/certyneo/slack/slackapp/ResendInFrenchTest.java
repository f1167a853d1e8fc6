package com.certyneo.slack.slackapp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.FakeCertyneo.Reply;
import com.certyneo.slack.testsupport.FakeSlackHooks.Hook;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * SPEC sections 3 and 5: the Re-send replies of a workspace whose installation has locale {@code fr} are in French,
 * whether the envelope was re-sent, Certyneo refused, or the click itself was refused; over HTTP against the fakes.
 */
@QuarkusTest
class ResendInFrenchTest extends ResendScenario {

    @BeforeEach
    void speakFrench() {
        french(account);
    }

    @Test
    void whoReSentTheEnvelopeIsToldInFrenchInTheThread() {
        String url = slack.newResponseUrl(team);

        Clicks.resend(team, "U0ALICE", envelope, url).then().statusCode(200);

        Hook reply = awaitReply(url);
        assertThat(reply.text()).isEqualTo(":repeat: Renvoyé par <@U0ALICE>\u00A0: Certyneo renvoie l'enveloppe `"
                + envelope + "` aux signataires qui ne l'ont pas encore signée.");
        assertThat(reply.responseType()).isEqualTo("in_channel");
        assertThat(reply.body().path("thread_ts").asText()).isEqualTo(Clicks.MESSAGE_TS);
        assertThat(awaitOutcome(envelope).outcome()).isEqualTo("resent");
    }

    @Test
    void certyneoRefusingIsToldInFrenchWithItsReasonEscaped() {
        certyneo.enqueue(Reply.rejected(409, "Envelope <b>is</b> already completed"));
        String url = slack.newResponseUrl(team);

        Clicks.resend(team, "U0BOB", envelope, url).then().statusCode(200);

        assertThat(awaitReply(url).text()).startsWith(":warning: <@U0BOB>, l'enveloppe n'a pas été renvoyée.")
                .contains("«\u00A0Envelope &lt;b&gt;is&lt;/b&gt; already completed\u00A0»");
    }

    @Test
    void aClickForAnotherAccountsEnvelopeIsRefusedInFrench() {
        String otherAccount = ResendData.unique("acc_");
        data.installation(otherAccount, ResendData.slackId('T'), "connected");
        String foreign = ResendData.unique("env_");
        data.expiredEvent(otherAccount, foreign);
        String url = slack.newResponseUrl(team);

        Clicks.resend(team, "U0EVE", foreign, url).then().statusCode(200);

        assertThat(awaitReply(url).text()).contains("n'appartient pas au compte Certyneo");
        assertThat(awaitOutcome(foreign).outcome()).isEqualTo("refused_foreign_envelope");
    }

    @Test
    void aWorkspaceInEnglishStillGetsItsRepliesInEnglish() {
        ResendData.Workspace english = data.workspaceWithExpiredEnvelope("connected");
        String url = slack.newResponseUrl(english.team());

        Clicks.resend(english.team(), "U0ALICE", english.envelope(), url).then().statusCode(200);

        assertThat(awaitReply(url).text()).startsWith(":repeat: Re-sent by <@U0ALICE>: ");
    }

    private void french(String accountId) {
        pool.preparedQuery("update installation set locale = 'fr' where account_id = $1").execute(Tuple.of(accountId))
                .await().indefinitely();
    }
}
