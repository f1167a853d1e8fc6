package com.certyneo.slack.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
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

import com.certyneo.slack.slackapp.Clicks;
import com.certyneo.slack.slackapp.SlackSignatureVerifier;
import com.certyneo.slack.testsupport.AppProcess;
import com.certyneo.slack.testsupport.FakeCertyneo;
import com.certyneo.slack.testsupport.FakeSlackHooks;
import com.certyneo.slack.testsupport.Installations;
import com.certyneo.slack.testsupport.RestartablePostgres;

/**
 * SPEC section 10: graceful shutdown finishes in-flight work, the Re-send button included. A SIGTERM while
 * Certyneo is still answering a re-send must not cut that call: the user is told the outcome in Slack and the
 * click's audit row is completed. Real process of the built app, real PostgreSQL, fakes over real HTTP.
 */
class ResendShutdownIT {

    private static final String TEAM = "T0SIGTERM";
    private static final String ACCOUNT = "acc_resend_sigterm";
    private static final String ENVELOPE = "env_resend_sigterm";
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> open = new ArrayList<>();
    private FakeCertyneo certyneo;
    private FakeSlackHooks hooks;

    @AfterEach
    void stopAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        if (certyneo != null) {
            certyneo.stop();
        }
        if (hooks != null) {
            hooks.stop();
        }
    }

    @Test
    void sigtermWhileCertyneoIsStillAnsweringAReSendStillTellsTheUserAndCompletesTheAudit() throws Exception {
        certyneo = FakeCertyneo.start();
        // Certyneo takes 1.5 s to answer (the client gives up after 3, with margin for a loaded machine): the
        // re-send is in flight at the SIGTERM
        certyneo.always(FakeCertyneo.Reply.ok().after(Duration.ofMillis(1500)));
        hooks = FakeSlackHooks.start();
        RestartablePostgres postgres = track(RestartablePostgres.start());
        Map<String, String> env = ProductionEnv.withoutDatasource();
        env.putAll(postgres.datasourceEnv());
        env.put("CERTYNEO_API_URL", certyneo.apiUrl());
        env.put("CERTYNEO_OIDC_TOKEN_URL", certyneo.tokenUrl());
        env.put("CERTYNEO_CLIENT_ID", FakeCertyneo.CLIENT_ID);
        env.put("CERTYNEO_CLIENT_SECRET", FakeCertyneo.CLIENT_SECRET);
        env.put("RESEND_RESPONSE_URL_PREFIXES", hooks.prefix());
        // no serving period after the SIGTERM (5 s in production): the work must outlive the shutdown itself
        env.put("QUARKUS_SHUTDOWN_DELAY", "0s");

        AppProcess app = track(AppProcess.start(env));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertThat(app.isAlive()).as("app died:\n%s", app.output()).isTrue();
            assertThat(app.managementStatus("/q/health/ready")).isEqualTo(200);
        });
        insertOwnedEnvelope(postgres);
        String responseUrl = hooks.newResponseUrl(TEAM);
        assertThat(click(app, env.get("SLACK_SIGNING_SECRET"), responseUrl)).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> certyneo.inFlight() == 1);

        app.sigterm();
        app.awaitExit(Duration.ofSeconds(60));

        assertThat(certyneo.resendCalls()).hasSize(1);
        assertThat(hooks.hooks(responseUrl)).as("reply to the user; app output:\n%s", app.output()).hasSize(1);
        assertThat(hooks.hooks(responseUrl).get(0).text()).contains("Re-sent by <@U0DANA>");
        assertThat(audit(postgres)).isEqualTo("resent completed");
    }

    private <T extends AutoCloseable> T track(T closeable) {
        open.add(closeable);
        return closeable;
    }

    /** Signed like Slack signs interactivity requests, sent as the exact characters that were signed. */
    private int click(AppProcess app, String signingSecret, String responseUrl) throws Exception {
        String form = Clicks.form(Clicks.payload(TEAM, "U0DANA", "envelope.resend", ENVELOPE, responseUrl));
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        HttpResponse<String> response = http.send(HttpRequest
                .newBuilder(URI.create("http://localhost:" + app.port() + "/slack/interactions"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Slack-Request-Timestamp", timestamp)
                .header("X-Slack-Signature", SlackSignatureVerifier.sign(signingSecret, timestamp, form))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    /** A connected installation posting to the clicked channel, and an event of its account naming the envelope. */
    private static void insertOwnedEnvelope(RestartablePostgres postgres) throws SQLException {
        Installations.connected(ACCOUNT).team(TEAM, "Acme").channel(Clicks.CHANNEL, "general").token(null)
                .insert(postgres.dataSource(), ProductionEnv.withoutDatasource().get("TOKEN_ENCRYPTION_KEYS"));
        try (Connection c = postgres.connect(); PreparedStatement event = c.prepareStatement("""
                insert into webhook_event (event_id, account_id, event_type, envelope_id)
                values (?, ?, 'envelope.expired', ?)""")) {
            event.setString(1, "evt_" + UUID.randomUUID());
            event.setString(2, ACCOUNT);
            event.setString(3, ENVELOPE);
            event.executeUpdate();
        }
    }

    private static String audit(RestartablePostgres postgres) throws SQLException {
        try (Connection c = postgres.connect();
                ResultSet rs = c.createStatement().executeQuery(
                        "select outcome, completed_at is not null as completed from interaction_audit order by id")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1) + (rs.getBoolean(2) ? " completed" : " open"));
            }
            return String.join(", ", rows);
        }
    }
}
