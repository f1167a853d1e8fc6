package com.certyneo.slack.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.AdminTokens;
import com.certyneo.slack.testsupport.Db;
import com.certyneo.slack.testsupport.Deliveries;
import com.certyneo.slack.testsupport.FakeSlack;
import com.certyneo.slack.testsupport.FakeSlack.Call;
import com.certyneo.slack.testsupport.FakeSlack.Channel;
import com.certyneo.slack.testsupport.Installations;
import com.certyneo.slack.testsupport.Webhooks;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * SPEC section 4 routes, end to end: signed webhooks in, the fake Slack over HTTP out. A routed event type goes to
 * its channel, the others to the installation's, each channel paced on its own.
 */
@QuarkusTest
class RoutesEndToEndTest {

    private static final String BASE = "/api/v1/accounts/{acc}/slack";
    private static final Pattern TITLE = Pattern.compile("(?i)document (\\S+)");

    private final FakeSlack slack = FakeSlack.get();
    private final List<String> accounts = new ArrayList<>();
    // fresh channel ids per test: channel_pace keeps each channel's next slot across tests
    private String general;
    private String legal;
    private String sales;

    @BeforeEach
    void reset() {
        slack.reset();
        general = DeliveryFixtures.channel("C0GEN");
        legal = DeliveryFixtures.channel("C0LEGAL");
        sales = DeliveryFixtures.channel("C0SALES");
        slack.setChannels(List.of(Channel.publicChannel(general, "general", true),
                Channel.publicChannel(legal, "legal", true), Channel.publicChannel(sales, "sales", true)));
    }

    @AfterEach
    void clean() {
        accounts.forEach(Deliveries::clear);
    }

    @Test
    void declinedGoesToLegalCompletedToSalesAndTheRestToTheInstallationsChannel() {
        String acc = account(general, "general");
        routes(acc, "{\"envelope.declined\": \"" + legal + "\", \"envelope.completed\": \"" + sales + "\"}")
                .then().statusCode(200);

        for (String type : List.of("envelope.completed", "envelope.declined", "envelope.expired", "envelope.sent",
                "recipient.signed")) {
            Webhooks.post(event(type, acc, type)).then().statusCode(202);
        }
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(
                () -> slack.posts(legal).size() + slack.posts(sales).size() + slack.posts(general).size() >= 5);
        assertThat(titles(slack.posts(legal))).containsExactly("envelope.declined");
        assertThat(titles(slack.posts(sales))).containsExactly("envelope.completed");
        assertThat(titles(slack.posts(general))).containsExactly("envelope.expired", "envelope.sent",
                "recipient.signed");
        assertThat(slack.posts()).allMatch(Call::ok);
        // the audit trail names the channel each delivery went to
        admin(acc).get(BASE + "/deliveries", acc).then().statusCode(200)
                .body("items.find { it.event_type == 'envelope.declined' }.channel", equalTo(legal))
                .body("items.find { it.event_type == 'envelope.completed' }.channel", equalTo(sales))
                .body("items.find { it.event_type == 'envelope.sent' }.channel", equalTo(general));
    }

    @Test
    void aRouteChangeAppliesToTheNextWebhook() {
        String acc = account(general, "general");
        routes(acc, "{\"envelope.declined\": \"" + legal + "\"}").then().statusCode(200);
        Webhooks.post(event("envelope.declined", acc, "first")).then().statusCode(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> slack.posts(legal).size() == 1);

        routes(acc, "{\"envelope.declined\": \"" + sales + "\"}").then().statusCode(200);
        Webhooks.post(event("envelope.declined", acc, "second")).then().statusCode(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> slack.posts(sales).size() == 1);

        routes(acc, "{}").then().statusCode(200);
        Webhooks.post(event("envelope.declined", acc, "third")).then().statusCode(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> slack.posts(general).size() == 1);

        assertThat(titles(slack.posts(legal))).containsExactly("first");
        assertThat(titles(slack.posts(sales))).containsExactly("second");
        assertThat(titles(slack.posts(general))).containsExactly("third");
    }

    @Test
    void aRoutedTypeIsAcceptedBeforeAnyChannelIsPickedButOnlyWhenTicked() {
        String acc = account(null, null);
        routes(acc, "{\"envelope.declined\": \"" + legal + "\", \"envelope.expired\": \"" + legal + "\"}")
                .then().statusCode(200);

        Webhooks.post(event("envelope.declined", acc, "routed")).then().statusCode(202)
                .body("status", equalTo("accepted"));
        Webhooks.post(event("envelope.sent", acc, "nowhere")).then().statusCode(200)
                .body("status", equalTo("ignored")).body("reason", equalTo("no_channel_selected"));
        await().atMost(Duration.ofSeconds(10)).until(() -> slack.posts(legal).size() == 1);
        assertThat(titles(slack.posts(legal))).containsExactly("routed");

        // a route does not tick its event type: the ticked set stays the filter
        admin(acc).body("{\"events\": [\"envelope.declined\"]}").put(BASE + "/events", acc).then().statusCode(200);
        Webhooks.post(event("envelope.expired", acc, "unticked")).then().statusCode(200)
                .body("reason", equalTo("event_type_not_enabled"));
    }

    @Test
    void twoRoutedChannelsArePacedIndependently() throws Exception {
        String acc = account(general, "general");
        routes(acc, "{\"envelope.declined\": \"" + legal + "\", \"envelope.completed\": \"" + sales + "\"}")
                .then().statusCode(200);
        slack.strictPacing(true);

        CompletableFuture<Void> declined = CompletableFuture.runAsync(() -> burst(acc, "envelope.declined", "L"));
        CompletableFuture<Void> completed = CompletableFuture.runAsync(() -> burst(acc, "envelope.completed", "S"));
        CompletableFuture.allOf(declined, completed).get();

        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                .until(() -> slack.posts(legal).size() >= 10 && slack.posts(sales).size() >= 10);
        List<Call> legalPosts = slack.posts(legal);
        List<Call> salesPosts = slack.posts(sales);
        assertThat(slack.rateLimited()).isZero();
        assertThat(slack.pacingViolations()).isZero();
        assertThat(legalPosts).hasSize(10).allMatch(Call::ok);
        assertThat(salesPosts).hasSize(10).allMatch(Call::ok);
        assertThat(titles(legalPosts)).isEqualTo(numbered("L"));
        assertThat(titles(salesPosts)).isEqualTo(numbered("S"));
        assertThat(slack.posts(general)).isEmpty();

        Duration legalSpan = Duration.between(legalPosts.get(0).at(), legalPosts.get(9).at());
        Duration salesSpan = Duration.between(salesPosts.get(0).at(), salesPosts.get(9).at());
        Duration both = Duration.between(
                legalPosts.get(0).at().isBefore(salesPosts.get(0).at())
                        ? legalPosts.get(0).at()
                        : salesPosts.get(0).at(),
                legalPosts.get(9).at().isAfter(salesPosts.get(9).at())
                        ? legalPosts.get(9).at()
                        : salesPosts.get(9).at());
        System.out.printf("Routes pacing: #legal 10 posts in %d ms, #sales 10 posts in %d ms, both in %d ms%n",
                legalSpan.toMillis(), salesSpan.toMillis(), both.toMillis());
        // each channel at 1/s (9 gaps of at least 1 s), side by side: both together take about as long as one
        assertThat(legalSpan).isGreaterThanOrEqualTo(Duration.ofSeconds(9));
        assertThat(salesSpan).isGreaterThanOrEqualTo(Duration.ofSeconds(9));
        assertThat(both).isLessThan(Duration.ofSeconds(14));
    }

    @Test
    void aRouteToAChannelWithoutTheBotSaysToInviteItAndTheHealthReasonNamesThatChannel() {
        slack.setChannels(List.of(Channel.publicChannel(general, "general", true),
                Channel.publicChannel(legal, "legal", false)));
        String acc = account(general, "general");
        routes(acc, "{\"envelope.declined\": \"" + legal + "\"}").then().statusCode(200)
                .body("routes.'envelope.declined'.is_member", equalTo(false))
                .body("routes.'envelope.declined'.action", org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.containsString("/invite @Certyneo"),
                        org.hamcrest.Matchers.containsString("#legal")));

        Webhooks.post(event("envelope.declined", acc, "uninvited")).then().statusCode(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> !slack.posts(legal).isEmpty());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> admin(acc).get(BASE, acc).then()
                .body("health", equalTo("needs_attention")).body("reason", startsWith("not_in_channel in #legal")));
    }

    @Test
    void disconnectCancelsWhatIsQueuedInEveryChannelRoutedOrNot() {
        String acc = account(general, "general");
        routes(acc, "{\"envelope.declined\": \"" + legal + "\"}").then().statusCode(200);
        // both channels paused (as by a long Retry-After), so that the messages stay queued
        for (String channel : List.of(general, legal)) {
            Db.update("insert into channel_pace (team_id, channel_id, paused_until) values (?, ?, now() + interval "
                    + "'1 hour') on conflict (team_id, channel_id) do update set paused_until = excluded.paused_until",
                    FakeSlack.TEAM_ID, channel);
        }
        Webhooks.post(event("envelope.declined", acc, "routed")).then().statusCode(202);
        Webhooks.post(event("envelope.sent", acc, "default")).then().statusCode(202);
        assertThat(Db.query("select channel_id, status from delivery where account_id = ? order by id", acc))
                .extracting(row -> row.get("channel_id") + " " + row.get("status"))
                .containsExactly(legal + " queued", general + " queued");

        admin(acc).delete(BASE, acc).then().statusCode(204);

        assertThat(Db.query("select status, last_error from delivery where account_id = ?", acc)).hasSize(2)
                .allMatch(row -> "cancelled".equals(row.get("status"))
                        && "disconnected from Certyneo".equals(row.get("last_error")));
        assertThat(slack.posts()).isEmpty();
    }

    private void burst(String acc, String type, String prefix) {
        for (String title : numbered(prefix)) {
            Webhooks.post(event(type, acc, title)).then().statusCode(202);
        }
    }

    private static List<String> numbered(String prefix) {
        List<String> titles = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            titles.add(String.format("%s-%02d", prefix, i));
        }
        return titles;
    }

    private String account(String channelId, String channelName) {
        String acc = "acc_routes_" + UUID.randomUUID().toString().substring(0, 8);
        Installations.connected(acc).channel(channelId, channelName).insert();
        accounts.add(acc);
        return acc;
    }

    private static ObjectNode event(String type, String acc, String title) {
        ObjectNode event = Webhooks.event(type, acc);
        ((ObjectNode) event.path("data").path("envelope")).put("title", title);
        return event;
    }

    private static List<String> titles(List<Call> posts) {
        return posts.stream().map(post -> {
            Matcher m = TITLE.matcher(post.text());
            return m.find() ? m.group(1) : post.text();
        }).toList();
    }

    private static io.restassured.response.Response routes(String acc, String routes) {
        return admin(acc).body("{\"routes\": " + routes + "}").put(BASE + "/routes", acc);
    }

    private static RequestSpecification admin(String acc) {
        return given().auth().oauth2(AdminTokens.admin(acc)).contentType(ContentType.JSON);
    }
}
