package com.certyneo.slack.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.AdminTokens;
import com.certyneo.slack.testsupport.Db;
import com.certyneo.slack.testsupport.FakeSlack;
import com.certyneo.slack.testsupport.FakeSlack.Message;
import com.certyneo.slack.testsupport.FakeSlack.Reply;
import com.certyneo.slack.testsupport.Webhooks;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The thread layout end to end (SPEC section 3.1): signed webhooks over HTTP, the real database, the fake Slack
 * with strict pacing (a second write to a channel within 1 s, post or update, is a 429).
 */
@QuarkusTest
class ThreadLayoutTest {

    FakeSlack slack;
    ThreadEvents envelope;

    @BeforeEach
    void reset() {
        slack = FakeSlack.get();
        slack.reset();
        slack.strictPacing(true);
        envelope = ThreadEvents.threadLayout("en");
    }

    @AfterEach
    void cleanUp() {
        Db.update("update delivery set status = 'cancelled', ended_at = now() where status = 'queued' "
                + "and account_id = ?", envelope.account);
    }

    @Test
    void anEnvelopesLifeIsOneRootKeptUpToDateWithItsEventsInTheThread() {
        List<ObjectNode> events = envelope.lifecycle();
        for (ObjectNode event : events) {
            Webhooks.post(event).then().statusCode(202);
            awaitSent(events.indexOf(event) + 1); // one at a time: every event updates the root
        }

        List<Message> roots = slack.channelMessages(envelope.channel);
        assertThat(roots).hasSize(1);
        Message root = roots.get(0);
        List<Message> replies = slack.replies(envelope.channel, root.ts());
        assertThat(replies).extracting(Message::text).satisfiesExactly(
                t -> assertThat(t).startsWith("📤 Document NDA Acme 2027 sent to"),
                t -> assertThat(t).startsWith("✍️ Alice Dupont just signed").endsWith("(1/3 signatures collected)"),
                t -> assertThat(t).startsWith("✍️ Bob Leroy just signed").endsWith("(2/3 signatures collected)"),
                t -> assertThat(t).startsWith("✍️ Chloé Martin just signed").endsWith("(3/3 signatures collected)"),
                t -> assertThat(t).startsWith("✅ Document NDA Acme 2027 signed by every signer."));
        // the outcome is broadcast to the channel too; the steps are not
        assertThat(replies).extracting(m -> m.body().path("reply_broadcast").asBoolean(false))
                .containsExactly(false, false, false, false, true);
        assertThat(ThreadEvents.section(root.body()))
                .isEqualTo("📄 *NDA Acme 2027* — sent to Alice Dupont, Bob Leroy and Chloé Martin · "
                        + "✅ signed by every signer");
        JsonNode button = root.body().path("attachments").path(0).path("blocks").path(1).path("elements").path(0);
        assertThat(button.path("text").path("text").asText()).isEqualTo("Download the eIDAS proof PDF");
        assertThat(button.path("url").asText()).isEqualTo("https://app.certyneo.com/envelopes/env_9f3k/proof.pdf");
        assertThat(root.body().path("attachments").path(0).path("color").asText()).isEqualTo("#2EB67D");
        // the root was posted with the first event's state, then updated after each later reply
        assertThat(root.updates()).isEqualTo(4);
        assertThat(slack.rateLimited()).isZero();
        assertThat(slack.pacingViolations()).isZero();

        // the audit: every delivery sent, slack_ts its reply, thread_ts the root
        JsonPath audit = given().auth().oauth2(AdminTokens.admin(envelope.account))
                .get("/api/v1/accounts/{acc}/slack/deliveries", envelope.account).then().statusCode(200).extract()
                .jsonPath();
        assertThat(audit.getList("items.status", String.class)).containsOnly("sent").hasSize(5);
        assertThat(audit.getList("items.thread_ts", String.class)).containsOnly(root.ts());
        assertThat(audit.getList("items.slack_ts", String.class)).containsExactlyInAnyOrderElementsOf(
                replies.stream().map(Message::ts).toList());
    }

    @Test
    void aBurstOfAnEnvelopesEventsUpdatesTheRootOnceWithTheLatestState() {
        // all five are queued before the first is delivered: only the last one updates the root
        for (ObjectNode event : envelope.lifecycle()) {
            Webhooks.post(event).then().statusCode(202);
        }
        awaitSent(5);

        Message root = slack.channelMessages(envelope.channel).get(0);
        assertThat(slack.channelMessages(envelope.channel)).hasSize(1);
        assertThat(slack.replies(envelope.channel, root.ts())).hasSize(5);
        assertThat(slack.updates(envelope.channel)).hasSize(1);
        assertThat(ThreadEvents.section(root.body())).endsWith("· ✅ signed by every signer");
        assertThat(slack.rateLimited()).isZero();
    }

    @Test
    void aRootDeletedInSlackIsReplacedByANewRootThatTheFollowingEventsUse() {
        Webhooks.post(envelope.event("envelope.sent")).then().statusCode(202);
        awaitSent(1);
        String first = slack.channelMessages(envelope.channel).get(0).ts();
        assertThat(slack.deleteMessage(envelope.channel, first)).isTrue();

        // the reply still lands under the deleted root (Slack keeps a thread with replies), its update fails
        Webhooks.post(envelope.signed(1)).then().statusCode(202);
        awaitSent(2);
        List<Message> roots = slack.channelMessages(envelope.channel);
        assertThat(roots).hasSize(2);
        String second = roots.get(1).ts();
        assertThat(ThreadEvents.section(roots.get(1).body())).endsWith("· ✍️ 1/3 signed");
        assertThat(slack.updates(envelope.channel)).extracting(FakeSlack.Call::outcome)
                .containsExactly("message_not_found");

        Webhooks.post(envelope.signed(2)).then().statusCode(202);
        awaitSent(3);
        assertThat(slack.channelMessages(envelope.channel)).hasSize(2);
        assertThat(slack.replies(envelope.channel, second)).extracting(Message::text)
                .singleElement().asString().startsWith("✍️ Bob Leroy just signed");
        assertThat(ThreadEvents.section(slack.message(envelope.channel, second).body())).endsWith("· ✍️ 2/3 signed");
        assertThat(Db.text("select root_ts from thread_root where envelope_id = ?", envelope.envelopeId))
                .isEqualTo(second);
        assertThat(slack.rateLimited()).isZero();
    }

    @Test
    void aReplyRefusedBecauseItsRootIsGoneGoesIntoANewRoot() {
        Webhooks.post(envelope.event("envelope.sent")).then().statusCode(202);
        awaitSent(1);
        String first = slack.channelMessages(envelope.channel).get(0).ts();
        slack.enqueue(FakeSlack.POST_MESSAGE, envelope.channel, Reply.error("thread_not_found"));

        Webhooks.post(envelope.signed(1)).then().statusCode(202);
        awaitSent(2);

        List<Message> roots = slack.channelMessages(envelope.channel);
        assertThat(roots).extracting(Message::ts).hasSize(2).startsWith(first);
        assertThat(slack.replies(envelope.channel, roots.get(1).ts())).extracting(Message::text)
                .singleElement().asString().startsWith("✍️ Alice Dupont just signed");
        Map<String, Object> delivery = Db.one("select status, thread_ts from delivery where account_id = ? "
                + "and event_type = 'recipient.signed'", envelope.account);
        assertThat(delivery).containsEntry("status", "sent").containsEntry("thread_ts", roots.get(1).ts());
    }

    @Test
    void aRateLimitedRootUpdatePausesTheChannelAndIsRetriedAloneWithoutPostingTheReplyAgain() {
        Webhooks.post(envelope.event("envelope.sent")).then().statusCode(202);
        awaitSent(1);
        slack.enqueue(FakeSlack.UPDATE, envelope.channel, Reply.rateLimited(2));

        Webhooks.post(envelope.signed(1)).then().statusCode(202);
        awaitSent(2);

        Message root = slack.channelMessages(envelope.channel).get(0);
        assertThat(slack.channelMessages(envelope.channel)).hasSize(1);
        assertThat(slack.replies(envelope.channel, root.ts())).hasSize(2);
        List<FakeSlack.Call> updates = slack.updates(envelope.channel);
        assertThat(updates).extracting(FakeSlack.Call::outcome).containsExactly("rate_limited", "ok");
        // Retry-After: 2 was kept (less a margin for the two clocks of the test)
        assertThat(Duration.between(updates.get(0).at(), updates.get(1).at())).isGreaterThan(Duration.ofMillis(1900));
        assertThat(ThreadEvents.section(slack.message(envelope.channel, root.ts()).body())).endsWith("· ✍️ 1/3 signed");
        Map<String, Object> delivery = Db.one("select d.status, d.attempts, count(a.id) as calls from delivery d "
                + "join delivery_attempt a on a.delivery_id = d.id where d.account_id = ? "
                + "and d.event_type = 'recipient.signed' group by d.id", envelope.account);
        // the 429 is audited and spends no attempt
        assertThat(delivery).containsEntry("status", "sent").containsEntry("attempts", 1).containsEntry("calls", 2L);
    }

    @Test
    void switchingBackToOneMessagePerEventAppliesToTheNextEvents() {
        Webhooks.post(envelope.event("envelope.sent")).then().statusCode(202);
        awaitSent(1);
        given().auth().oauth2(AdminTokens.admin(envelope.account)).contentType("application/json")
                .body("{\"layout\": \"message_per_event\"}")
                .put("/api/v1/accounts/{acc}/slack/settings", envelope.account).then().statusCode(200);

        Webhooks.post(envelope.signed(1)).then().statusCode(202);
        awaitSent(2);

        List<Message> top = slack.channelMessages(envelope.channel);
        assertThat(top).hasSize(2);
        assertThat(top.get(1).text()).startsWith("✍️ Alice Dupont just signed");
        assertThat(top.get(1).body().has("thread_ts")).isFalse();
        assertThat(slack.updates(envelope.channel)).isEmpty();
    }

    private void awaitSent(int n) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> Db.count(
                "select count(*) from delivery where account_id = ? and status = 'sent'", envelope.account) >= n);
    }
}
