package com.certyneo.slack.slackapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.certyneo.slack.slackapp.ResendData.Audit;
import com.certyneo.slack.testsupport.FakeCertyneo.Reply;
import com.certyneo.slack.testsupport.FakeCertyneo.ResendCall;
import com.certyneo.slack.testsupport.FakeSlackHooks.Hook;
import com.certyneo.slack.testsupport.Management;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** The Re-send button against a fake Certyneo and a fake Slack response_url, over HTTP. */
@QuarkusTest
class ResendButtonTest extends ResendScenario {

    @Test
    void signedClickResendsTheEnvelopeRepliesWithTheUserAndIsAudited() {
        String url = slack.newResponseUrl(team);

        Clicks.resend(team, "U0ALICE", envelope, url).then().statusCode(200);

        Hook reply = awaitReply(url);
        assertThat(reply.text()).contains("Re-sent by <@U0ALICE>");
        assertThat(reply.responseType()).isEqualTo("in_channel");
        assertThat(reply.body().path("thread_ts").asText()).isEqualTo(Clicks.MESSAGE_TS);
        assertThat(reply.body().path("replace_original").asBoolean(true)).isFalse();

        List<ResendCall> calls = certyneo.resendCalls();
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).envelopeId()).isEqualTo(envelope);
        assertThat(calls.get(0).account()).isEqualTo(account);
        assertThat(calls.get(0).authorization()).startsWith("Bearer ctk-");
        assertThat(calls.get(0).status()).isEqualTo(200);

        Audit audit = awaitOutcome(envelope);
        assertThat(audit).isEqualTo(new Audit(team, account, envelope, "U0ALICE", "resent", null, null, true));
    }

    @Test
    void aSecondClickOnTheSameEnvelopeDoesNotResendItAgain() {
        String firstUrl = slack.newResponseUrl(team);
        String secondUrl = slack.newResponseUrl(team);

        Clicks.resend(team, "U0ALICE", envelope, firstUrl).then().statusCode(200);
        // the first click is on record (in progress or done) before the second one arrives
        await().atMost(WAIT).until(() -> data.audit(envelope), rows -> rows.size() == 1);
        Clicks.resend(team, "U0BOB", envelope, secondUrl).then().statusCode(200);

        assertThat(awaitReply(firstUrl).text()).contains("Re-sent by <@U0ALICE>");
        Hook second = awaitReply(secondUrl);
        assertThat(second.responseType()).isEqualTo("ephemeral");
        assertThat(second.text()).contains("<@U0ALICE> already clicked Re-send");
        assertThat(certyneo.resendCalls()).hasSize(1);
        assertThat(await().atMost(WAIT).until(() -> data.audit(envelope),
                rows -> rows.size() == 2 && rows.stream().allMatch(Audit::completed)))
                .extracting(Audit::slackUserId, Audit::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("U0ALICE", "resent"),
                        org.assertj.core.groups.Tuple.tuple("U0BOB", "already_resent"));
    }

    @Test
    void theEnvelopeStillBelongsToItsAccountAfterTheEventsPersonalDataIsErased() {
        data.erasePayloads(account);
        String url = slack.newResponseUrl(team);

        Clicks.resend(team, "U0ALICE", envelope, url).then().statusCode(200);

        assertThat(awaitOutcome(envelope).outcome()).isEqualTo("resent");
        assertThat(certyneo.resendCalls()).extracting(ResendCall::envelopeId).containsExactly(envelope);
    }

    @Test
    void certyneoFailingTwiceThenSucceedingResendsExactlyOnce() {
        certyneo.enqueue(Reply.status(500), Reply.status(503), Reply.ok());
        String url = slack.newResponseUrl(team);

        Clicks.resend(team, "U0BOB", envelope, url).then().statusCode(200);

        assertThat(awaitReply(url).text()).contains("Re-sent by <@U0BOB>");
        List<ResendCall> calls = certyneo.resendCalls();
        assertThat(calls).extracting(ResendCall::status).containsExactly(500, 503, 200);
        // every attempt of the one click carries the same idempotency key, so Certyneo can dedupe
        assertThat(calls).extracting(ResendCall::idempotencyKey).doesNotContainNull().containsOnly(
                calls.get(0).idempotencyKey());
        assertThat(awaitOutcome(envelope).outcome()).isEqualTo("resent");
    }

    @Test
    void certyneoErrorsAreRetriedOnlyABoundedNumberOfTimes() {
        certyneo.always(Reply.status(500));
        String url = slack.newResponseUrl(team);

        Clicks.resend(team, "U0BOB", envelope, url).then().statusCode(200);

        assertThat(awaitReply(url).text()).contains("cannot be reached").contains("<@U0BOB>");
        assertThat(awaitOutcome(envelope).outcome()).isEqualTo("unavailable");
        assertThat(certyneo.resendCalls()).hasSize(4);
    }

    @Test
    void certyneoRefusingIsToldInWordsAndNotRetried() {
        certyneo.enqueue(Reply.rejected(409, "Envelope <b>is</b> already completed"));
        String url = slack.newResponseUrl(team);

        Clicks.resend(team, "U0BOB", envelope, url).then().statusCode(200);

        Hook reply = awaitReply(url);
        assertThat(reply.responseType()).isEqualTo("ephemeral");
        assertThat(reply.text()).contains("not re-sent")
                .contains("Envelope &lt;b&gt;is&lt;/b&gt; already completed");
        assertThat(certyneo.resendCalls()).hasSize(1);
        Audit audit = awaitOutcome(envelope);
        assertThat(audit.outcome()).isEqualTo("rejected");
        assertThat(audit.httpStatus()).isEqualTo(409);
        assertThat(audit.detail()).isEqualTo("Envelope <b>is</b> already completed");
    }

    @Test
    void theAckReturnsBeforeASlowCertyneoHasAnswered() {
        certyneo.enqueue(Reply.ok().after(Duration.ofSeconds(5)));
        String url = slack.newResponseUrl(team);

        // Slack gives up on an interaction not answered within 3 s
        Clicks.resend(team, "U0ALICE", envelope, url).then().statusCode(200).time(lessThan(3000L));
        Instant acked = Instant.now();

        ResendCall slow = await().atMost(WAIT).until(() -> certyneo.resendCalls().stream()
                .filter(c -> c.answeredAt().isAfter(c.arrivedAt().plusSeconds(4))).findFirst(),
                java.util.Optional::isPresent).get();
        assertThat(acked).isBefore(slow.answeredAt());
        // the slow attempt timed out and was retried; the user is told once, with the outcome
        assertThat(awaitReply(url).text()).contains("Re-sent by <@U0ALICE>");
    }

    @Test
    void certyneoDownOpensTheCircuitTellsTheUserAndTheServiceStaysHealthy() {
        certyneo.stopApi();
        String first = slack.newResponseUrl(team);
        Clicks.resend(team, "U0ALICE", envelope, first).then().statusCode(200).time(lessThan(3000L));
        Instant acked = Instant.now();
        Hook told = awaitReply(first);
        assertThat(told.text()).contains("Certyneo cannot be reached");
        // Slack had its answer before the retries against the dead API were over
        assertThat(acked).isBefore(told.at());

        String second = slack.newResponseUrl(team);
        String envelope2 = ResendData.unique("env_");
        data.expiredEvent(account, envelope2);
        Clicks.resend(team, "U0ALICE", envelope2, second).then().statusCode(200);
        assertThat(awaitReply(second).text()).contains("Certyneo cannot be reached");
        assertThat(awaitOutcome(envelope2).detail()).isEqualTo("circuit_open");

        // Certyneo is back, but the circuit stays open for its delay: no call is even tried
        certyneo.startApi();
        String third = slack.newResponseUrl(team);
        String envelope3 = ResendData.unique("env_");
        data.expiredEvent(account, envelope3);
        Clicks.resend(team, "U0CAROL", envelope3, third).then().statusCode(200);
        assertThat(awaitReply(third).text()).contains("<@U0CAROL>").contains("Certyneo cannot be reached");
        assertThat(awaitOutcome(envelope3).detail()).isEqualTo("circuit_open");
        assertThat(certyneo.resendCalls()).isEmpty();

        RestAssured.get(Management.url("/q/health/live")).then().statusCode(200).body("status", equalTo("UP"));
        RestAssured.get(Management.url("/q/health/ready")).then().statusCode(200).body("status", equalTo("UP"));
    }
}
