package com.certyneo.slack.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.AppProcess;
import com.certyneo.slack.testsupport.FakeSlack;
import com.certyneo.slack.testsupport.Installations;
import com.certyneo.slack.testsupport.RestartablePostgres;
import com.certyneo.slack.testsupport.StandardWebhooks;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * SPEC section 10 / 7: a SIGTERM (rolling update, scale-down) while deliveries are queued and one is
 * in flight at Slack loses nothing and duplicates nothing: the stopping process finishes or
 * releases its work, the next process sends the rest, every event reaches Slack exactly once.
 * Real processes of the built app, real PostgreSQL, fake Slack over real HTTP answering slowly.
 */
class GracefulShutdownIT {

    private static final int EVENTS = 6;
    private static final String ACCOUNT = "acc_sigterm";
    private static final String CHANNEL = "C0GENERAL";
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> open = new ArrayList<>();
    private FakeSlack slack;

    @AfterEach
    void stopAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        if (slack != null) {
            slack.stop();
        }
    }

    @Test
    void sigtermWithDeliveriesInFlightLosesAndDuplicatesNothing() throws Exception {
        slack = FakeSlack.start();
        // Slack takes 2 s to answer each message: there is always one in flight
        slack.always(FakeSlack.POST_MESSAGE, null, FakeSlack.Reply.delay(Duration.ofSeconds(2)));
        RestartablePostgres postgres = track(RestartablePostgres.start());
        Map<String, String> env = ProductionEnv.withoutDatasource();
        env.putAll(postgres.datasourceEnv());
        env.put("SLACK_API_URL", slack.url());
        env.put("QUARKUS_SHUTDOWN_DELAY", "1s");

        AppProcess first = track(AppProcess.start(env));
        awaitReady(first);
        insertInstallation(postgres);
        for (int i = 1; i <= EVENTS; i++) {
            assertThat(postWebhook(first, i)).isEqualTo(202);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !slack.calls(FakeSlack.POST_MESSAGE).isEmpty());

        first.sigterm();
        first.awaitExit(Duration.ofSeconds(60));
        int sentByFirst = slack.calls(FakeSlack.POST_MESSAGE).size();
        assertThat(sentByFirst).as("the first process was stopped with work left").isLessThan(EVENTS);
        assertThat(statuses(postgres)).doesNotContain("failed", "cancelled");

        AppProcess second = track(AppProcess.start(env));
        awaitReady(second);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(statuses(postgres)).hasSize(EVENTS).containsOnly("sent"));

        List<String> texts = slack.calls(FakeSlack.POST_MESSAGE).stream().map(FakeSlack.Call::text).toList();
        for (int i = 1; i <= EVENTS; i++) {
            String title = "Shutdown test " + i + " ";
            assertThat(texts.stream().filter(t -> t != null && t.contains(title))).as(title).hasSize(1);
        }
        assertThat(texts).hasSize(EVENTS);
    }

    private <T extends AutoCloseable> T track(T closeable) {
        open.add(closeable);
        return closeable;
    }

    private static void awaitReady(AppProcess app) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertThat(app.isAlive()).as("app died:\n%s", app.output()).isTrue();
            assertThat(app.managementStatus("/q/health/ready")).isEqualTo(200);
        });
    }

    private static List<String> statuses(RestartablePostgres postgres) throws SQLException {
        try (Connection c = postgres.connect();
                ResultSet rs = c.createStatement().executeQuery("select status from delivery order by id")) {
            List<String> result = new ArrayList<>();
            while (rs.next()) {
                result.add(rs.getString(1));
            }
            return result;
        }
    }

    /** A connected installation posting to the fake Slack with its bot token, sealed under the production key. */
    private static void insertInstallation(RestartablePostgres postgres) {
        Installations.connected(ACCOUNT).channel(CHANNEL, "general").insert(postgres.dataSource(),
                ProductionEnv.withoutDatasource().get("TOKEN_ENCRYPTION_KEYS"));
    }

    /** Posts event number {@code n} (fixture recipient.signed) signed the Standard Webhooks way. */
    private int postWebhook(AppProcess app, int n) throws Exception {
        ObjectNode event = (ObjectNode) json
                .readTree(Files.readString(Path.of("src/test/resources/fixtures/events/recipient.signed.json")));
        event.put("id", "evt_sigterm_" + n + "_" + UUID.randomUUID());
        event.put("account_id", ACCOUNT);
        ((ObjectNode) event.path("data").path("envelope")).put("title", "Shutdown test " + n + " ");
        String body = json.writeValueAsString(event);
        String webhookId = "msg_" + UUID.randomUUID();
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        String signature = StandardWebhooks.sign(ProductionEnv.withoutDatasource().get("CERTYNEO_WEBHOOK_SECRETS"),
                webhookId, timestamp, body);
        HttpResponse<String> response = http.send(HttpRequest
                .newBuilder(URI.create("http://localhost:" + app.port() + "/webhooks/certyneo"))
                .header("Content-Type", "application/json").header("webhook-id", webhookId)
                .header("webhook-timestamp", timestamp).header("webhook-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return response.statusCode();
    }
}
