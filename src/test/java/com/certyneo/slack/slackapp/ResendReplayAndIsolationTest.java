package com.certyneo.slack.slackapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.FakeCertyneo.Reply;
import com.certyneo.slack.testsupport.FakeCertyneo.ResendCall;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A captured signed click replayed later (inside Slack's 300 s signature window, past the 60 s double-click window)
 * is recognised as the same click; Certyneo failing for one account's envelopes does not stop another account's
 * clicks.
 */
@QuarkusTest
class ResendReplayAndIsolationTest extends ResendScenario {

    @Test
    void aSignedClickReplayedAfterTheDoubleClickWindowDoesNotResendAgain() {
        String url = slack.newResponseUrl(team);
        String form = Clicks.form(Clicks.payload(team, "U0ALICE", Interaction.RESEND_ACTION, envelope, url));
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        String signature = SlackSignatureVerifier.sign(Clicks.SIGNING_SECRET, timestamp, form);
        Clicks.post(form, timestamp, signature).then().statusCode(200);
        assertThat(awaitOutcome(envelope).outcome()).isEqualTo("resent");
        // the click is now older than the 60 s double-click window
        pool.preparedQuery("update interaction_audit set received_at = now() - interval '120 seconds' "
                + "where envelope_id = $1").execute(Tuple.of(envelope)).await().indefinitely();

        // the attacker replays the very same request: its signature is still inside Slack's 300 s
        Clicks.post(form, timestamp, signature).then().statusCode(200);

        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> certyneo.resendCalls().size() == 1 && certyneo.inFlight() == 0);
        assertThat(data.audit(envelope)).hasSize(1);
        assertThat(slack.hooks(url)).hasSize(1);
    }

    @Test
    void theIdempotencyKeyComesFromTheClickSoEveryCopyOfItCarriesTheSameKey() {
        String url = slack.newResponseUrl(team);
        String payload = Clicks.payload(team, "U0ALICE", Interaction.RESEND_ACTION, envelope, url);
        Interaction click = Interaction.parse(Clicks.form(payload).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Clicks.post(Clicks.form(payload)).then().statusCode(200);
        assertThat(awaitOutcome(envelope).outcome()).isEqualTo("resent");
        ResendCall call = certyneo.resendCalls().get(0);
        assertThat(call.idempotencyKey()).isEqualTo(click.idempotencyKey());
        assertThat(UUID.fromString(call.idempotencyKey())).isNotNull();
        // a different click (another action_ts / trigger_id) of the same user on the same envelope has another key
        Interaction other = Interaction.parse(Clicks.form(Clicks.payload(team, "U0ALICE", Interaction.RESEND_ACTION,
                envelope, url)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(other.idempotencyKey()).isNotEqualTo(click.idempotencyKey());
    }

    @Test
    void oneAccountsFailingEnvelopesDoNotOpenTheCircuitForAnotherAccount() {
        certyneo.alwaysFor(account, Reply.status(500));
        for (int i = 0; i < 3; i++) {
            String env = i == 0 ? envelope : ResendData.unique("env_");
            if (i > 0) {
                data.expiredEvent(account, env);
            }
            Clicks.resend(team, "U0ALICE", env, slack.newResponseUrl(team)).then().statusCode(200);
            assertThat(awaitOutcome(env).outcome()).isEqualTo("unavailable");
        }
        String lastOfA = ResendData.unique("env_");
        data.expiredEvent(account, lastOfA);
        Clicks.resend(team, "U0ALICE", lastOfA, slack.newResponseUrl(team)).then().statusCode(200);
        assertThat(awaitOutcome(lastOfA).detail()).isEqualTo("circuit_open");

        String otherTeam = ResendData.slackId('T');
        String otherAccount = ResendData.unique("acc_");
        String otherEnvelope = ResendData.unique("env_");
        data.installation(otherAccount, otherTeam, "connected");
        data.expiredEvent(otherAccount, otherEnvelope);
        String url = slack.newResponseUrl(otherTeam);
        Clicks.resend(otherTeam, "U0BOB", otherEnvelope, url).then().statusCode(200);

        assertThat(awaitOutcome(otherEnvelope).outcome()).isEqualTo("resent");
        assertThat(awaitReply(url).text()).contains("Re-sent by <@U0BOB>");
    }
}
