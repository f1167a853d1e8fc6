package com.certyneo.slack.delivery;

import static com.certyneo.slack.testsupport.SlackEventRequests.channelEvent;
import static com.certyneo.slack.testsupport.SlackEventRequests.memberJoined;
import static com.certyneo.slack.testsupport.SlackEventRequests.now;
import static com.certyneo.slack.testsupport.SlackEventRequests.send;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.AdminTokens;
import com.certyneo.slack.testsupport.Db;
import com.certyneo.slack.testsupport.FakeSlack;
import com.certyneo.slack.testsupport.FakeSlack.Call;
import com.certyneo.slack.testsupport.FakeSlack.Channel;
import com.certyneo.slack.testsupport.Installations;
import com.certyneo.slack.testsupport.ProductionClockProfile;
import com.certyneo.slack.testsupport.Webhooks;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * SPEC section 7, "Held, not lost", end to end: signed webhooks through the intake, the fake Slack over HTTP, signed
 * Slack events. The sweep is slow here (30 s, {@link ProductionClockProfile}), so a released backlog that starts at
 * once was woken by the release, not found by the sweep.
 */
@QuarkusTest
@TestProfile(ProductionClockProfile.class)
class HeldDeliveriesTest {

    private static final String BASE = "/api/v1/accounts/{acc}/slack";
    private static final Duration MARGIN = Duration.ofMillis(500);
    private static final Logger LOG = Logger.getLogger(HeldDeliveriesTest.class);

    @Inject
    DeliveryEngine engine;
    @Inject
    DeliveryConfig config;
    @Inject
    Replicas replicas;

    FakeSlack slack;
    String account;
    String channel;

    @BeforeEach
    void connect() {
        slack = FakeSlack.get();
        slack.reset();
        account = "acc_held_" + UUID.randomUUID().toString().substring(0, 8);
        channel = DeliveryFixtures.channel("CHELD");
        Installations.connected(account).channel(channel, "sales").insert();
        slack.setChannels(List.of(Channel.publicChannel(channel, "sales", false))); // the bot was never invited
    }

    @AfterEach
    void cleanUp() {
        Db.update("update delivery set status = 'cancelled', ended_at = now() where account_id = ? "
                + "and status in ('queued', 'held')", account);
    }

    @Test
    void tenEventsToAChannelWithoutTheBotTryOnePostAndAreHeldUntilTheBotJoinsThenArriveInOrderAtOnePerSecond() {
        List<String> titles = accept(10);

        // 1 post tried, 10 held, visible in the audit, and the health says what to do
        await().atMost(Duration.ofSeconds(15)).until(() -> count("held") == 10);
        assertNothingMoves(1, 10);
        assertThat(slack.posts(channel)).singleElement().extracting(Call::outcome).isEqualTo("not_in_channel");
        JsonPath audit = admin().get(BASE + "/deliveries?limit=50", account).then().statusCode(200).extract()
                .jsonPath();
        assertThat(audit.getList("items.status", String.class)).hasSize(10).containsOnly("held");
        assertThat(audit.getList("items.last_error", String.class)).containsOnly("not_in_channel");
        assertThat(audit.getList("items.attempts", Integer.class).stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(1);
        String reason = admin().get(BASE, account).then().statusCode(200).body("health", equalTo("needs_attention"))
                .extract().path("reason");
        assertThat(reason).startsWith("not_in_channel in #sales: ").contains("/invite @Certyneo");
        assertThat(Db.count("select count(*) from webhook_event e join delivery d on d.event_id = e.event_id "
                + "where d.account_id = ? and e.payload is not null", account)).isEqualTo(10);

        // someone else joining, a forged event, and an event older than the installation release nothing
        send(memberJoined("Ev_OTHER_" + channel, channel, "U0SOMEONE", now())).then().statusCode(200);
        send(memberJoined("Ev_FORGED_" + channel, channel, FakeSlack.BOT_USER_ID, now()), "forged-secret").then()
                .statusCode(401);
        send(memberJoined("Ev_OLD_" + channel, channel, FakeSlack.BOT_USER_ID, now() - 3600)).then().statusCode(200);
        assertNothingMoves(1, 10);

        // the bot is invited: Slack tells us, and the ten go at once, in order, 1/s, no 429
        slack.setChannels(List.of(Channel.publicChannel(channel, "sales", true)));
        slack.strictPacing(true);
        Instant released = Instant.now();
        send(memberJoined("Ev_JOINED_" + channel, channel, FakeSlack.BOT_USER_ID, now())).then().statusCode(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> count("sent") == 10);
        List<Call> sent = slack.posts(channel).stream().filter(Call::ok).toList();
        assertInOrder(sent, titles);
        assertThat(slack.rateLimited()).isZero();
        assertThat(slack.pacingViolations()).isZero();
        LOG.infof("Release → first post %d ms, first → tenth post %d ms", Duration.between(released,
                sent.get(0).at()).toMillis(), Duration.between(sent.get(0).at(), sent.get(9).at()).toMillis());
        // latency promise: the first leaves as soon as the channel's slot allows, then one per interval
        assertThat(Duration.between(released, sent.get(0).at())).isLessThan(config.paceInterval().plus(MARGIN));
        assertThat(Duration.between(sent.get(0).at(), sent.get(9).at()))
                .isLessThan(config.paceInterval().plus(MARGIN).multipliedBy(9));
        admin().get(BASE, account).then().body("health", equalTo("ok")).body("reason", nullValue());
        assertThat(Db.count("select count(*) from channel_hold where channel_id = ?", channel)).isZero();
    }

    @Test
    void pickingAnotherChannelMovesTheHeldDeliveriesThereInOrder() {
        List<String> titles = accept(4);
        await().atMost(Duration.ofSeconds(15)).until(() -> count("held") == 4);
        String other = DeliveryFixtures.channel("CMOVED");
        slack.setChannels(List.of(Channel.publicChannel(channel, "sales", false),
                Channel.publicChannel(other, "moved", true)));
        slack.strictPacing(true);

        admin().body(Map.of("channel_id", other)).put(BASE + "/channel", account).then().statusCode(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> count("sent") == 4);
        assertInOrder(slack.posts(other), titles);
        assertThat(slack.posts(channel)).hasSize(1); // the one that found the bot missing
        assertThat(slack.rateLimited()).isZero();
        assertThat(Db.query("select distinct channel_id from delivery where account_id = ?", account))
                .extracting(row -> row.get("channel_id")).containsExactly(other);
        admin().get(BASE, account).then().body("health", equalTo("ok"));
    }

    @Test
    void routingAnEventTypeElsewhereMovesItsHeldDeliveriesThereInOrder() {
        List<String> titles = accept(3);
        await().atMost(Duration.ofSeconds(15)).until(() -> count("held") == 3);
        String legal = DeliveryFixtures.channel("CROUTED");
        slack.setChannels(List.of(Channel.publicChannel(channel, "sales", false),
                Channel.publicChannel(legal, "legal", true)));
        slack.strictPacing(true);

        admin().body(Map.of("routes", Map.of("envelope.sent", legal))).put(BASE + "/routes", account).then()
                .statusCode(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> count("sent") == 3);
        assertInOrder(slack.posts(legal), titles);
        assertThat(slack.rateLimited()).isZero();
        assertThat(Db.query("select distinct channel_id from delivery where account_id = ?", account))
                .extracting(row -> row.get("channel_id")).containsExactly(legal);
    }

    @Test
    void anArchivedChannelNeedsAttentionAtOnceHoldsWithoutPostingAndItsUnarchivingSendsTheHeld() {
        slack.setChannels(List.of(Channel.publicChannel(channel, "sales", true)));

        send(channelEvent("channel_archive", "Ev_ARCH_" + channel, channel, now())).then().statusCode(200);

        // before any post fails
        String reason = admin().get(BASE, account).then().body("health", equalTo("needs_attention")).extract()
                .path("reason");
        assertThat(reason).startsWith("is_archived in #sales: the channel is archived");
        List<String> titles = accept(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> count("held") == 3);
        assertNothingMoves(0, 3);

        send(channelEvent("channel_unarchive", "Ev_UNARCH_" + channel, channel, now())).then().statusCode(200);

        await().atMost(Duration.ofSeconds(15)).until(() -> count("sent") == 3);
        assertInOrder(slack.posts(channel), titles);
        admin().get(BASE, account).then().body("health", equalTo("ok"));
    }

    @Test
    void archivingAChannelOnlyARouteUsesNeedsAttentionNamingIt() {
        String legal = DeliveryFixtures.channel("CLEGAL");
        slack.setChannels(List.of(Channel.publicChannel(channel, "sales", true),
                Channel.publicChannel(legal, "legal", true)));
        admin().body(Map.of("routes", Map.of("envelope.declined", legal))).put(BASE + "/routes", account).then()
                .statusCode(200);

        send(channelEvent("channel_archive", "Ev_ARCH_" + legal, legal, now())).then().statusCode(200);

        String reason = admin().get(BASE, account).then().body("health", equalTo("needs_attention")).extract()
                .path("reason");
        assertThat(reason).startsWith("is_archived in #legal: ");
    }

    @Test
    void aDeletedChannelNeedsAttentionNamingItAndSayingToPickAnother() {
        send(channelEvent("channel_deleted", "Ev_DEL_" + channel, channel, now())).then().statusCode(200);

        String reason = admin().get(BASE, account).then().body("health", equalTo("needs_attention")).extract()
                .path("reason");
        assertThat(reason).startsWith("channel_not_found in #sales: ").contains("pick another channel");
        // another channel's archive does not touch this installation
        send(channelEvent("channel_archive", "Ev_ELSE_" + channel, "C0ELSEWHERE", now())).then().statusCode(200);
        assertThat(admin().get(BASE, account).then().extract().<String>path("reason")).isEqualTo(reason);
    }

    @Test
    void aTestMessageThatGetsThroughSendsWhatWasHeldInItsChannel() {
        List<String> titles = accept(2);
        await().atMost(Duration.ofSeconds(15)).until(() -> count("held") == 2);
        slack.setChannels(List.of(Channel.publicChannel(channel, "sales", true))); // invited, event not received

        admin().post(BASE + "/test", account).then().statusCode(200).body("ok", equalTo(true));

        await().atMost(Duration.ofSeconds(15)).until(() -> count("sent") == 2);
        List<Call> posts = slack.posts(channel);
        assertThat(posts).hasSize(4); // refused, test message, the two held
        assertInOrder(posts.subList(2, 4), titles);
    }

    @Test
    void disconnectingCancelsHeldDeliveriesAndErasesTheirData() {
        accept(2);
        await().atMost(Duration.ofSeconds(15)).until(() -> count("held") == 2);

        admin().delete(BASE, account).then().statusCode(204);

        assertThat(count("cancelled")).isEqualTo(2);
        assertThat(Db.count("select count(*) from webhook_event e join delivery d on d.event_id = e.event_id "
                + "where d.account_id = ? and e.payload is not null", account)).isZero();
        assertThat(Db.count("select count(*) from channel_hold where channel_id = ?", channel)).isZero();
    }

    @Test
    void heldDeliveriesAreRowsThatAnotherReplicaSendsAfterTheReleaseAndTwoReleasesAtOnceSendEachOnce() {
        List<String> titles = accept(6);
        await().atMost(Duration.ofSeconds(15)).until(() -> count("held") == 6);
        // this replica goes away (as after a restart); another one, on the same database, is up
        DeliveryDispatcher app = engine.dispatcher();
        app.stop(Duration.ofSeconds(5)).await().atMost(Duration.ofSeconds(10));
        DeliveryDispatcher other = replicas.replica("replica-after-restart", config);
        slack.setChannels(List.of(Channel.publicChannel(channel, "sales", true)));
        slack.strictPacing(true);
        try {
            // both replicas receive a release at the same moment (two Slack events)
            CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> send(
                    memberJoined("Ev_TWICE_A_" + channel, channel, FakeSlack.BOT_USER_ID, now())).statusCode());
            CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> send(
                    channelEvent("channel_unarchive", "Ev_TWICE_B_" + channel, channel, now())).statusCode());
            assertThat(first.join()).isEqualTo(200);
            assertThat(second.join()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(15)).until(() -> {
                other.wake(); // no LISTEN for this one: it polls
                return other.delivered() >= 2;
            });
            app.resume(); // now both compete for the rest
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                other.wake();
                return count("sent") == 6;
            });
        } finally {
            other.stop(Duration.ofSeconds(5)).await().atMost(Duration.ofSeconds(10));
            app.resume();
        }
        assertInOrder(slack.posts(channel).stream().filter(Call::ok).toList(), titles);
        assertThat(slack.pacingViolations()).isZero();
        assertThat(other.delivered()).isGreaterThanOrEqualTo(2);
    }

    /** Accepts {@code n} webhooks for the account, one after the other; returns their titles in order. */
    private List<String> accept(int n) {
        List<String> titles = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            String title = "Held-" + String.format("%02d", i) + "-" + channel;
            ObjectNode event = Webhooks.event("envelope.sent", account);
            ((ObjectNode) event.path("data").path("envelope")).put("title", title);
            Webhooks.post(event).then().statusCode(202);
            titles.add(title);
        }
        return titles;
    }

    /** For two seconds: exactly {@code posts} calls reached the channel and {@code held} deliveries stay held. */
    private void assertNothingMoves(int posts, int held) {
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> slack.posts(channel).size() == posts && count("held") == held);
    }

    private static void assertInOrder(List<Call> posts, List<String> titles) {
        assertThat(posts).hasSize(titles.size()).allMatch(Call::ok);
        for (int i = 0; i < titles.size(); i++) {
            assertThat(posts.get(i).body().toString()).as("post %d", i).contains(titles.get(i));
        }
    }

    private long count(String status) {
        return Db.count("select count(*) from delivery where account_id = ? and status = ?", account, status);
    }

    private RequestSpecification admin() {
        return given().auth().oauth2(AdminTokens.admin(account)).contentType("application/json");
    }
}
