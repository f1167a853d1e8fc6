package com.certyneo.slack.testsupport;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.certyneo.slack.event.EventType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.restassured.RestAssured;
import io.restassured.response.Response;

/**
 * Test helpers that play Certyneo: sign like the Standard Webhooks reference (independently of the
 * production verifier), post over real HTTP, and read or seed the real database with plain JDBC.
 */
public final class Webhooks {

    /** The two secrets of the %test profile (CERTYNEO_WEBHOOK_SECRETS), in order. */
    public static final String SECRET = "whsec_Y2VydHluZW8tdGVzdC1zZWNyZXQtMzItYnl0ZXMhISE=";
    public static final String SECOND_SECRET = "whsec_c2Vjb25kLXJvdGF0aW9uLXNlY3JldC0zMi1ieXRlcyE=";
    public static final String UNKNOWN_SECRET = "whsec_" + Base64.getEncoder()
            .encodeToString("a-secret-certyneo-never-gave-us!".getBytes(StandardCharsets.UTF_8));
    public static final String PATH = "/webhooks/certyneo";
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final Queue<String> ACCOUNTS = new ConcurrentLinkedQueue<>();

    private Webhooks() {
    }

    public static ObjectNode fixture(String type) {
        try (InputStream in = Webhooks.class.getResourceAsStream("/fixtures/events/" + type + ".json")) {
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixture event with a fresh event id, for the given account. */
    public static ObjectNode event(String type, String accountId) {
        ObjectNode event = fixture(type);
        event.put("id", "evt_" + UUID.randomUUID());
        event.put("account_id", accountId);
        return event;
    }

    public static String eventIdOf(byte[] body) {
        try {
            return JSON.readTree(body).get("id").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(ObjectNode event) {
        try {
            return JSON.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String now() {
        return String.valueOf(Instant.now().getEpochSecond());
    }

    public static String sign(String secret, String webhookId, String timestamp, byte[] body) {
        return StandardWebhooks.sign(secret, webhookId, timestamp, body);
    }

    /** Posts a body signed with the first secret, now, under a fresh webhook-id. */
    public static Response post(byte[] body) {
        String id = "msg_" + UUID.randomUUID();
        String timestamp = now();
        return post(body, id, timestamp, sign(SECRET, id, timestamp, body));
    }

    public static Response post(ObjectNode event) {
        return post(bytes(event));
    }

    public static Response post(byte[] body, String webhookId, String timestamp, String signature) {
        var request = given().contentType("application/json").body(body);
        if (webhookId != null) {
            request.header("webhook-id", webhookId);
        }
        if (timestamp != null) {
            request.header("webhook-timestamp", timestamp);
        }
        if (signature != null) {
            request.header("webhook-signature", signature);
        }
        return request.when().post(PATH);
    }

    /** The same, with the JDK client (for concurrency and streamed bodies). */
    public static HttpRequest.Builder jdkRequest(byte[] body, String webhookId) {
        String timestamp = now();
        return HttpRequest.newBuilder(uri())
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("webhook-id", webhookId)
                .header("webhook-timestamp", timestamp)
                .header("webhook-signature", sign(SECRET, webhookId, timestamp, body));
    }

    public static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static URI uri() {
        return URI.create("http://localhost:" + RestAssured.port + PATH);
    }

    /**
     * Seeds a connected installation with the given ticked events and its own channel. Its token is
     * the fake Slack's bot token, really encrypted, so the deliveries the intake queues go out
     * normally (a bogus token would get invalid_auth and revoke the installation mid-test).
     */
    public static String connectedAccount(String events) {
        String account = "acc_" + UUID.randomUUID();
        Installations.connected(account).team(FakeSlack.TEAM_ID, "Acme").channel(channelOf(account), "signatures")
                .events(events).insert();
        ACCOUNTS.add(account);
        return account;
    }

    public static String channelOf(String account) {
        return "C0" + account.substring(4, 12).toUpperCase();
    }

    /**
     * Cancels what is still queued for the accounts seeded here, so that no delivery of these tests
     * reaches the shared fake Slack while another test class counts its calls.
     */
    public static void cancelQueuedDeliveries() {
        List<String> accounts = new ArrayList<>(ACCOUNTS);
        ACCOUNTS.removeAll(accounts);
        if (!accounts.isEmpty() && PostgresResource.isRunning()) {
            try (Connection c = PostgresResource.dataSource().getConnection();
                    PreparedStatement statement = c.prepareStatement("update delivery set status = 'cancelled', "
                            + "ended_at = now(), last_error = 'test cleanup' where status = 'queued' "
                            + "and account_id = any (?)")) {
                statement.setArray(1, c.createArrayOf("text", accounts.toArray()));
                statement.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public static String connectedAccount() {
        return connectedAccount(EventType.allStored());
    }

    public static long storedEvents(String eventId) {
        return Db.count("select count(*) from webhook_event where event_id = ?", eventId);
    }

    public static long storedDeliveries(String eventId) {
        return Db.count("select count(*) from delivery where event_id = ?", eventId);
    }

    public static long storedEventsOfAccount(String accountId) {
        return Db.count("select count(*) from webhook_event where account_id = ?", accountId);
    }

    /** The value of {@code certyneo_webhook_payload_warnings_total{field}} now (0 before the first one). */
    public static double payloadWarnings(String field) {
        return Management.sample(Management.metrics(), "certyneo_webhook_payload_warnings_total",
                "field=\"" + field + "\"");
    }
}
