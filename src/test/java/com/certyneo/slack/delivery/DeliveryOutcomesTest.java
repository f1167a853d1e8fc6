package com.certyneo.slack.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.FakeSlack;
import com.certyneo.slack.testsupport.FakeSlack.Call;
import com.certyneo.slack.testsupport.FakeSlack.Reply;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** SPEC section 7: retries, 429, permanent and auth errors, crash takeover — each against the fake Slack. */
@QuarkusTest
class DeliveryOutcomesTest {

    @Inject
    DeliveryFixtures fixtures;

    FakeSlack slack;
    String channel;
    DeliveryFixtures.Installed inst;

    @BeforeEach
    void reset() {
        slack = FakeSlack.get();
        slack.reset();
        inst = fixtures.installOnFreshChannel(slack, "COUT", "outcomes");
        channel = inst.channelId();
    }

    @Test
    void serverErrorsAndATimeoutAreRetriedAndTheMessageIsPostedOnce() {
        // the last failure answers after the client's timeout: a timeout as seen from here
        slack.enqueue(FakeSlack.POST_MESSAGE, channel, Reply.httpStatus(500), Reply.httpStatus(502),
                Reply.httpStatus(503).after(Duration.ofSeconds(3)));

        long id = fixtures.enqueue(inst, "envelope.sent", "Retried", true);
        Row row = awaitEnded(id, Duration.ofSeconds(30));

        assertThat(row.getString("status")).isEqualTo("sent");
        assertThat(row.getInteger("attempts")).isEqualTo(4);
        assertThat(slack.posts(channel)).hasSize(4);
        assertThat(slack.postedMessages().stream().filter(c -> channel.equals(c.channel()))).hasSize(1);
        List<Row> attempts = fixtures.attempts(id);
        assertThat(attempts).extracting(a -> a.getString("outcome"))
                .containsExactly("transient", "transient", "transient", "ok");
        assertThat(attempts).extracting(a -> a.getInteger("http_status")).containsExactly(500, 502, null, null);
        assertThat(attempts.get(2).getString("slack_error")).isEqualTo("timeout");
        assertThat(row.getString("slack_ts")).isNotBlank();
    }

    @Test
    void rateLimitWithRetryAfterThreeWaitsAtLeastThreeSecondsWithoutSpendingAnAttempt() {
        slack.enqueue(FakeSlack.POST_MESSAGE, channel, Reply.rateLimited(3));

        long id = fixtures.enqueue(inst, "envelope.sent", "Limited", true);
        Row row = awaitEnded(id, Duration.ofSeconds(20));

        assertThat(row.getString("status")).isEqualTo("sent");
        assertThat(row.getInteger("attempts")).isEqualTo(1);
        List<Call> posts = slack.posts(channel);
        assertThat(posts).hasSize(2);
        assertThat(posts.get(0).status()).isEqualTo(429);
        assertThat(Duration.between(posts.get(0).at(), posts.get(1).at()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(fixtures.attempts(id)).extracting(a -> a.getString("outcome")).containsExactly("rate_limited", "ok");
        assertThat(fixtures.attempts(id).get(0).getInteger("http_status")).isEqualTo(429);
    }

    @Test
    void channelNotFoundHoldsTheDeliveryAndMarksTheInstallationNeedsAttention() {
        slack.enqueue(FakeSlack.POST_MESSAGE, channel, Reply.error("channel_not_found")); // the channel was deleted

        long id = fixtures.enqueue(inst, "envelope.sent", "Nowhere", true);
        Row row = awaitEnded(id, Duration.ofSeconds(15));

        assertThat(row.getString("status")).isEqualTo("held");
        assertThat(row.getString("last_error")).isEqualTo("channel_not_found");
        assertThat(row.getInteger("attempts")).isEqualTo(1);
        assertThat(row.getOffsetDateTime("ended_at")).isNull();
        assertThat(slack.posts(channel)).hasSize(1);
        Row installation = fixtures.installation(inst.id());
        assertThat(installation.getString("health")).isEqualTo("needs_attention");
        // the reason names the channel (the installation's own, by name) and the fix
        assertThat(installation.getString("health_reason")).startsWith("channel_not_found in #chan: ")
                .contains("pick another channel");
        assertThat(installation.getString("status")).isEqualTo("connected");
        assertThat(payloadOf(row)).isNotNull(); // held, not ended: the message is still to be sent
        fixtures.update("update delivery set status = 'cancelled' where id = $1", Tuple.of(id));
    }

    @Test
    void aMessageSlackTakesClearsTheNeedsAttentionLeftByAnEarlierFailureAndErasesItsEvent() {
        fixtures.update("update installation set health = 'needs_attention', health_reason = 'not_in_channel' "
                + "where id = $1", Tuple.of(inst.id()));

        long id = fixtures.enqueue(inst, "envelope.sent", "Invited at last", true);
        Row row = awaitEnded(id, Duration.ofSeconds(15));

        assertThat(row.getString("status")).isEqualTo("sent");
        assertThat(payloadOf(row)).isNull();
        Row installation = fixtures.installation(inst.id());
        assertThat(installation.getString("health")).isEqualTo("ok");
        assertThat(installation.getString("health_reason")).isNull();
        assertThat(fixtures.attempts(id)).extracting(a -> a.getString("outcome")).containsExactly("ok");
    }

    @Test
    void tokenRevokedRevokesTheInstallationAndCancelsTheRestOfItsQueue() {
        String token = "xoxb-to-be-revoked-" + channel;
        slack.addToken(token);
        var revokedInst = fixtures.install(FakeSlack.TEAM_ID, channel, token);
        slack.revokeToken(token);

        long first = fixtures.enqueue(revokedInst, "envelope.sent", "First", false);
        long second = fixtures.enqueue(revokedInst, "envelope.sent", "Second", false);
        long third = fixtures.enqueue(revokedInst, "envelope.sent", "Third", true);

        awaitEnded(third, Duration.ofSeconds(15));
        Row installation = fixtures.installation(revokedInst.id());
        assertThat(installation.getString("status")).isEqualTo("revoked");
        assertThat(installation.getString("health")).isEqualTo("revoked");
        assertThat(installation.getBuffer("token_ciphertext")).isNull();
        assertThat(fixtures.delivery(first).getString("last_error")).isEqualTo("token_revoked");
        assertThat(fixtures.delivery(second).getString("status")).isEqualTo("cancelled");
        assertThat(fixtures.delivery(third).getString("status")).isEqualTo("cancelled");
        assertThat(slack.posts(channel)).hasSize(1); // only the attempt that learnt the token was dead
        assertThat(payloadOf(fixtures.delivery(second))).isNull();
    }

    @Test
    void deliveriesOfARevokedOrDisconnectedInstallationAreCancelledNotSent() {
        fixtures.update("update installation set status = 'disconnected' where id = $1", Tuple.of(inst.id()));

        long id = fixtures.enqueue(inst, "envelope.sent", "Too late", true);
        Row row = awaitEnded(id, Duration.ofSeconds(15));

        assertThat(row.getString("status")).isEqualTo("cancelled");
        assertThat(row.getString("last_error")).contains("disconnected");
        assertThat(slack.posts(channel)).isEmpty();
        assertThat(payloadOf(row)).isNull();
    }

    @Test
    void aDeliveryClaimedByAReplicaThatDiedIsDeliveredOnceAfterTheLease() {
        long id = fixtures.enqueueClaimed(inst, "Orphan", "replica-killed-9", 3);
        OffsetDateTime leaseUntil = fixtures.delivery(id).getOffsetDateTime("lease_until");

        Row row = awaitEnded(id, Duration.ofSeconds(20));

        assertThat(row.getString("status")).isEqualTo("sent");
        List<Call> posts = slack.posts(channel);
        assertThat(posts).hasSize(1);
        assertThat(posts.get(0).at()).isAfterOrEqualTo(leaseUntil.toInstant());
        assertThat(row.getString("lease_owner")).isNull();
    }

    @Test
    void permanentErrorsOtherThanTheChannelsFailAtOnce() {
        slack.enqueue(FakeSlack.POST_MESSAGE, channel, Reply.error("missing_scope"));

        Row row = awaitEnded(fixtures.enqueue(inst, "envelope.sent", "No scope", true), Duration.ofSeconds(15));

        assertThat(row.getString("status")).isEqualTo("failed");
        assertThat(row.getString("last_error")).isEqualTo("missing_scope");
        // the reason names the channel (its id: these rows were queued without a channel name)
        assertThat(fixtures.installation(inst.id()).getString("health_reason"))
                .isEqualTo("missing_scope in " + channel);
    }

    @Test
    void aStoredEventThatCannotBeReadFailsWithoutACallAndTheChannelGoesOn() {
        // read once its slot has come (DeliveryDispatcher): the failure must still end it without a call to Slack
        long unreadable = fixtures.enqueueStored(inst, "envelope.sent", "{\"id\": \"evt_cut\", \"data\": {");
        long next = fixtures.enqueue(inst, "envelope.sent", "After the unreadable one", true);

        Row failed = awaitEnded(unreadable, Duration.ofSeconds(15));
        Row sent = awaitEnded(next, Duration.ofSeconds(15));

        assertThat(failed.getString("status")).isEqualTo("failed");
        assertThat(failed.getString("last_error")).isEqualTo("unsupported_event");
        assertThat(fixtures.attempts(unreadable)).isEmpty();
        assertThat(sent.getString("status")).isEqualTo("sent");
        assertThat(slack.posts(channel)).hasSize(1);
    }

    private Row awaitEnded(long id, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(100))
                .until(() -> !"queued".equals(fixtures.delivery(id).getString("status")));
        return fixtures.delivery(id);
    }

    private Object payloadOf(Row delivery) {
        return fixtures.one("select payload from webhook_event where event_id = $1",
                Tuple.of(delivery.getString("event_id"))).getValue("payload");
    }
}
