package com.certyneo.slack.intake;

import static com.certyneo.slack.testsupport.Webhooks.SECOND_SECRET;
import static com.certyneo.slack.testsupport.Webhooks.SECRET;
import static com.certyneo.slack.testsupport.Webhooks.UNKNOWN_SECRET;
import static com.certyneo.slack.testsupport.Webhooks.bytes;
import static com.certyneo.slack.testsupport.Webhooks.connectedAccount;
import static com.certyneo.slack.testsupport.Webhooks.event;
import static com.certyneo.slack.testsupport.Webhooks.eventIdOf;
import static com.certyneo.slack.testsupport.Webhooks.now;
import static com.certyneo.slack.testsupport.Webhooks.post;
import static com.certyneo.slack.testsupport.Webhooks.sign;
import static com.certyneo.slack.testsupport.Webhooks.storedDeliveries;
import static com.certyneo.slack.testsupport.Webhooks.storedEvents;
import static com.certyneo.slack.testsupport.Webhooks.storedEventsOfAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import com.certyneo.slack.testsupport.Db;
import com.certyneo.slack.testsupport.FakeSlack;
import com.certyneo.slack.testsupport.PostgresResource;
import com.certyneo.slack.testsupport.Webhooks;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** SPEC section 2 answer table, row by row, against the real service and database. */
@QuarkusTest
class WebhookIntakeTest {

    @AfterEach
    void cancelWhatIsStillQueued() {
        Webhooks.cancelQueuedDeliveries();
    }

    @ParameterizedTest
    @ValueSource(strings = {"envelope.completed", "envelope.declined", "envelope.expired", "envelope.sent",
            "recipient.signed"})
    void eachFixtureEventIsAcceptedAndStoredWithAQueuedDelivery(String type) {
        String account = connectedAccount();
        ObjectNode event = event(type, account);
        String eventId = event.get("id").asText();

        post(event).then().statusCode(202)
                .body("status", equalTo("accepted"))
                .body("event_id", equalTo(eventId));

        assertThat(
                Db.text("select event_type || '|' || account_id from webhook_event where event_id = ?", eventId))
                .isEqualTo(type + "|" + account);
        assertThat(Db.text("select channel_id || '|' || team_id || '|' || event_type from delivery "
                + "where event_id = ?", eventId))
                .isEqualTo(Webhooks.channelOf(account) + "|" + FakeSlack.TEAM_ID + "|" + type);
        // the payload stays until the delivery has ended (then its personal data is erased)
        String stored = Db
                .text("select coalesce(w.payload::jsonb #>> '{data,envelope,title}', 'erased after ' || d.status) "
                        + "from webhook_event w join delivery d using (event_id) where event_id = ?", eventId);
        assertThat(stored).isIn(event.at("/data/envelope/title").asText(), "erased after sent");
    }

    @Test
    void anAcceptedEventWakesTheDeliveryQueueWithItsDeliveryId() throws Exception {
        String account = connectedAccount();
        ObjectNode event = event("envelope.sent", account);
        try (Connection listener = PostgresResource.dataSource().getConnection();
                Statement statement = listener.createStatement()) {
            statement.execute("listen delivery_queued");
            post(event).then().statusCode(202);
            String deliveryId = Db.text("select id::text from delivery where event_id = ?",
                    event.get("id").asText());
            PGNotification[] notifications = listener.unwrap(PGConnection.class).getNotifications(10_000);
            assertThat(notifications).extracting(PGNotification::getParameter).contains(deliveryId);
        }
    }

    @Test
    void aFloodOfAcceptedEventsIsSignalledWithFewerNotificationsThatCoverTheLastDelivery() throws Exception {
        String account = connectedAccount();
        try (Connection listener = PostgresResource.dataSource().getConnection();
                Statement statement = listener.createStatement()) {
            statement.execute("listen delivery_queued");
            List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
            long started = System.nanoTime();
            for (int i = 0; i < 40; i++) {
                byte[] body = bytes(event("envelope.sent", account));
                HttpRequest request = Webhooks.jdkRequest(body, "msg_flood_" + i)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                posts.add(Webhooks.HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
            }
            assertThat(posts.stream().map(CompletableFuture::join)).allMatch(r -> r.statusCode() == 202);
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;
            long lastDelivery = Long.parseLong(Db.text(
                    "select max(id)::text from delivery where account_id = ?", account));

            // other replicas are woken, but not once per event: at most one NOTIFY per 10 ms interval
            List<PGNotification> received = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline && received.stream()
                    .noneMatch(n -> Long.parseLong(n.getParameter()) >= lastDelivery)) {
                PGNotification[] batch = listener.unwrap(PGConnection.class).getNotifications(500);
                if (batch != null) {
                    received.addAll(List.of(batch));
                }
            }
            assertThat(received).isNotEmpty().hasSizeLessThanOrEqualTo((int) Math.min(40, elapsedMs / 10 + 3));
            assertThat(received).extracting(n -> Long.parseLong(n.getParameter())).contains(lastDelivery);
        }
    }

    @Test
    void anUnknownTypeIsIgnoredAndNothingIsStored() {
        String account = connectedAccount();
        ObjectNode event = event("envelope.sent", account);
        event.put("type", "envelope.voided");
        event.remove("data");

        post(event).then().statusCode(200)
                .body("status", equalTo("ignored"))
                .body("reason", equalTo("unknown_event_type"));
        assertThat(storedEventsOfAccount(account)).isZero();
    }

    @Test
    void anAccountWithoutInstallationIsIgnoredAndNothingIsStored() {
        String account = "acc_never_connected_" + System.nanoTime();
        post(event("envelope.completed", account)).then().statusCode(200)
                .body("status", equalTo("ignored"))
                .body("reason", equalTo("account_not_connected"));
        assertThat(storedEventsOfAccount(account)).isZero();
    }

    @Test
    void aRevokedOrDisconnectedInstallationIsIgnoredAndNothingIsStored() {
        String revoked = connectedAccount();
        Db.update("update installation set status = 'revoked', token_ciphertext = null where account_id = ?",
                revoked);
        String disconnected = connectedAccount();
        Db.update("update installation set status = 'disconnected' where account_id = ?", disconnected);

        for (String account : List.of(revoked, disconnected)) {
            post(event("envelope.completed", account)).then().statusCode(200)
                    .body("status", equalTo("ignored"))
                    .body("reason", equalTo("account_not_connected"));
            assertThat(storedEventsOfAccount(account)).isZero();
        }
    }

    @Test
    void anUntickedTypeIsIgnoredAndNothingIsStored() {
        String account = connectedAccount("envelope.completed,envelope.declined");
        post(event("recipient.signed", account)).then().statusCode(200)
                .body("status", equalTo("ignored"))
                .body("reason", equalTo("event_type_not_enabled"));
        assertThat(storedEventsOfAccount(account)).isZero();
    }

    @Test
    void anInstallationWithoutChannelIsIgnoredAndNothingIsStored() {
        String account = connectedAccount();
        Db.update("update installation set channel_id = null, channel_name = null where account_id = ?", account);
        post(event("envelope.sent", account)).then().statusCode(200)
                .body("status", equalTo("ignored"))
                .body("reason", equalTo("no_channel_selected"));
        assertThat(storedEventsOfAccount(account)).isZero();
    }

    @Test
    void tickingAnEventTypeTakesEffectForTheNextWebhook() {
        String account = connectedAccount("envelope.completed");
        post(event("envelope.sent", account)).then().statusCode(200).body("status", equalTo("ignored"));

        Db.update("update installation set events = 'envelope.completed,envelope.sent' where account_id = ?",
                account);
        post(event("envelope.sent", account)).then().statusCode(202);

        Db.update("update installation set events = 'envelope.completed' where account_id = ?", account);
        post(event("envelope.sent", account)).then().statusCode(200).body("status", equalTo("ignored"));
        assertThat(storedEventsOfAccount(account)).isEqualTo(1);
    }

    @Test
    void aRetriedEventIsAnsweredDuplicateAndStoredOnceWhateverItsWebhookId() {
        String account = connectedAccount();
        byte[] body = bytes(event("envelope.declined", account));
        String eventId = eventIdOf(body);

        post(body).then().statusCode(202);
        post(body).then().statusCode(200).body("status", equalTo("duplicate")).body("reason", nullValue());
        String sameMessageId = "msg_retry";
        String timestamp = now();
        post(body, sameMessageId, timestamp, sign(SECRET, sameMessageId, timestamp, body))
                .then().statusCode(200).body("status", equalTo("duplicate"));

        assertThat(storedEvents(eventId)).isEqualTo(1);
        assertThat(storedDeliveries(eventId)).isEqualTo(1);
    }

    @Test
    void aRetryAfterTheAccountDisconnectedIsStillAnsweredDuplicate() {
        String account = connectedAccount();
        byte[] body = bytes(event("envelope.completed", account));
        post(body).then().statusCode(202);
        Db.update("update installation set status = 'disconnected', token_ciphertext = null where account_id = ?",
                account);

        post(body).then().statusCode(200).body("status", equalTo("duplicate"));
        assertThat(storedEvents(eventIdOf(body))).isEqualTo(1);
    }

    @Test
    void fiftyConcurrentPostsOfOneEventGiveExactlyOneAcceptedAndFortyNineDuplicates() {
        String account = connectedAccount();
        byte[] body = bytes(event("recipient.signed", account));
        List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            // retries of one message and distinct messages carrying the same event, mixed
            HttpRequest request = Webhooks.jdkRequest(body, i % 2 == 0 ? "msg_same" : "msg_" + i)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            posts.add(Webhooks.HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> answers = posts.stream().map(CompletableFuture::join).toList();

        Map<Integer, Long> byStatus = answers.stream()
                .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
        assertThat(byStatus).containsExactlyInAnyOrderEntriesOf(Map.of(202, 1L, 200, 49L));
        assertThat(answers).filteredOn(r -> r.statusCode() == 200)
                .allSatisfy(r -> assertThat(r.body()).contains("\"duplicate\""));
        assertThat(storedEvents(eventIdOf(body))).isEqualTo(1);
        assertThat(storedDeliveries(eventIdOf(body))).isEqualTo(1);
    }

    @Test
    void aSignatureMadeWithTheSecondConfiguredSecretIsAccepted() {
        byte[] body = bytes(event("envelope.sent", connectedAccount()));
        String timestamp = now();
        post(body, "msg_rotation", timestamp, sign(SECOND_SECRET, "msg_rotation", timestamp, body))
                .then().statusCode(202);
    }

    @Test
    void oneMatchingSignatureAmongSeveralInTheHeaderIsEnough() {
        byte[] body = bytes(event("envelope.sent", connectedAccount()));
        String timestamp = now();
        String header = sign(UNKNOWN_SECRET, "msg_multi", timestamp, body) + " "
                + sign(SECOND_SECRET, "msg_multi", timestamp, body);
        post(body, "msg_multi", timestamp, header).then().statusCode(202);
    }

    @Test
    void signatureProblemsAreAnswered401WithAProblemAndStoreNothing() {
        String account = connectedAccount();
        byte[] body = bytes(event("envelope.completed", account));
        String now = now();
        String stale = String.valueOf(Long.parseLong(now) - 400);
        String future = String.valueOf(Long.parseLong(now) + 400);
        Map<String, Function<byte[], Response>> cases = Map.of(
                "wrong secret", b -> post(b, "msg_1", now, sign(UNKNOWN_SECRET, "msg_1", now, b)),
                "stale", b -> post(b, "msg_1", stale, sign(SECRET, "msg_1", stale, b)),
                "future", b -> post(b, "msg_1", future, sign(SECRET, "msg_1", future, b)),
                "no id", b -> post(b, null, now, sign(SECRET, "msg_1", now, b)),
                "no timestamp", b -> post(b, "msg_1", null, sign(SECRET, "msg_1", now, b)),
                "no signature", b -> post(b, "msg_1", now, null),
                "other message id", b -> post(b, "msg_2", now, sign(SECRET, "msg_1", now, b)));
        cases.forEach((name, call) -> {
            Response response = call.apply(body);
            assertThat(response.statusCode()).as(name).isEqualTo(401);
            assertThat(response.contentType()).as(name).startsWith("application/problem+json");
            assertThat(response.jsonPath().getInt("status")).as(name).isEqualTo(401);
        });
        assertThat(storedEventsOfAccount(account)).isZero();
    }

}
