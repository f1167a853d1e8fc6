package com.certyneo.slack.local;

import static com.certyneo.slack.local.SandboxHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.certyneo.slack.testsupport.AppProcess;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The README's run command (the built jar, profile local, nothing configured) with the sandbox of SPEC section 12,
 * driven over HTTP as the pages drive it: the settings page and its token, Slack's OAuth dance through the
 * stand-in's authorize page, the channel list from the stand-in's conversations.list, sample events from the
 * Certyneo stand-in arriving as Slack messages, a Re-send click answered through the response_url, the bot
 * invited, the app uninstalled; and the stand-in's Slack rules (429, ok:false errors).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxIT {

    private static final String ACCOUNT = "acc_sandbox";
    private static final String CHANNEL = "C0SBXCONTRACT";
    private AppProcess app;
    private SandboxHttp http;

    @BeforeAll
    void start() {
        assumeFalse(AppProcess.isNative(), "the native/production build has no sandbox, by design");
        app = AppProcess.start(Map.of(), "-Dquarkus.profile=local");
        app.awaitReady(Duration.ofSeconds(180));
        http = new SandboxHttp(app.port());
    }

    /** SIGTERM first: the process then stops its embedded PostgreSQL, which a SIGKILL would leave running. */
    @AfterAll
    void stop() {
        if (app != null) {
            app.stop(Duration.ofSeconds(30));
            app.close();
        }
    }

    @Test
    @Order(1)
    void theServiceSaysWhereTheSandboxIsAndTheRootPageHostsTheSettingsComponent() {
        assertThat(app.output()).contains("Sandbox ready: open http://localhost:" + app.port() + "/ ");
        HttpResponse<String> page = http.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("html"));
        assertThat(page.body()).contains("Settings → Integrations")
                .contains("data-account=\"" + ACCOUNT + "\"").contains("href=\"/sandbox/slack\"")
                .contains("href=\"/sandbox/certyneo\"").contains("/sandbox/assets/landing.js");
        String script = http.get("/sandbox/assets/landing.js").body();
        assertThat(script).contains("import('/ui/certyneo-slack-settings.js')")
                .contains("document.createElement('certyneo-slack-settings')").contains("settings.tokenProvider")
                .contains("'api-base', '/api/v1'");
    }

    @Test
    @Order(2)
    void theLocallyMintedTokenIsAnAdminTokenOfTheSandboxAccountOnly() {
        String token = http.get("/sandbox/token").body();
        assertThat(http.get("/api/v1/accounts/" + ACCOUNT + "/slack", "Authorization", "Bearer " + token)
                .statusCode()).isEqualTo(200);
        assertThat(http.get("/api/v1/accounts/acc_other/slack", "Authorization", "Bearer " + token).statusCode())
                .isEqualTo(403);
    }

    @Test
    @Order(3)
    void connectingGoesThroughTheStandInsAuthorizePageAndBack() {
        String token = http.get("/sandbox/token").body();
        HttpResponse<String> install = http.postJson("/api/v1/accounts/" + ACCOUNT + "/slack/install",
                "{\"return_url\":\"" + http.base() + "/\"}", "Authorization", "Bearer " + token);
        assertThat(install.statusCode()).as(install.body()).isEqualTo(200);
        HttpResponse<String> toSlack = http.get(json(install).path("install_url").asText());
        assertThat(toSlack.statusCode()).isEqualTo(302);
        String cookie = toSlack.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        String authorizeUrl = toSlack.headers().firstValue("Location").orElseThrow();
        assertThat(authorizeUrl).startsWith(http.base() + "/sandbox/slack/oauth/v2/authorize?");

        HttpResponse<String> page = http.get(authorizeUrl);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Acme Sandbox").contains("<code>chat:write</code>")
                .contains("<code>channels:read</code>").contains(">Allow<").contains(">Cancel<");

        Map<String, String> query = query(authorizeUrl);
        HttpResponse<String> cancelled = http.postForm("/sandbox/slack/oauth/v2/decide", SandboxHttp.form(
                "decision", "cancel", "redirect_uri", query.get("redirect_uri"), "state", query.get("state")));
        assertThat(cancelled.headers().firstValue("Location").orElseThrow()).contains("error=access_denied")
                .contains("state=");

        HttpResponse<String> allowed = http.postForm("/sandbox/slack/oauth/v2/decide", SandboxHttp.form(
                "decision", "allow", "redirect_uri", query.get("redirect_uri"), "state", query.get("state")));
        String callback = allowed.headers().firstValue("Location").orElseThrow();
        assertThat(callback).startsWith(http.base() + "/slack/oauth/callback?code=sbx-code-");
        HttpResponse<String> back = http.get(callback, "Cookie", cookie);
        assertThat(back.headers().firstValue("Location")).hasValue(http.base() + "/?slack=connected");

        JsonNode status = json(http.get("/api/v1/accounts/" + ACCOUNT + "/slack", "Authorization", "Bearer " + token));
        assertThat(status.path("connected").asBoolean()).isTrue();
        assertThat(status.path("team").path("name").asText()).isEqualTo("Acme Sandbox");
        assertThat(http.get("/sandbox/slack/state").body()).contains("\"installed\":true");
    }

    @Test
    @Order(4)
    void theChannelPickerHasMoreThanTwoHundredChannelsOverSeveralPagesAndTheBotIsNotInEveryOne() {
        String auth = "Bearer " + http.get("/sandbox/token").body();
        List<JsonNode> channels = new ArrayList<>();
        String cursor = "";
        int pages = 0;
        do {
            JsonNode page = json(http.get("/api/v1/accounts/" + ACCOUNT + "/slack/channels?cursor=" + cursor,
                    "Authorization", auth));
            page.path("items").forEach(channels::add);
            cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
            pages++;
        } while (cursor != null && pages < 20);
        assertThat(channels).hasSizeGreaterThan(200);
        assertThat(channels).extracting(c -> c.path("name").asText()).contains("contracts", "hr-onboarding")
                .doesNotContain("old-deals"); // archived channels are left out
        JsonNode notIn = channels.stream().filter(c -> c.path("name").asText().equals("hr-onboarding")).findFirst()
                .orElseThrow();
        assertThat(notIn.path("is_member").asBoolean()).isFalse();

        JsonNode picked = json(http.putJson("/api/v1/accounts/" + ACCOUNT + "/slack/channel",
                "{\"channel_id\":\"" + CHANNEL + "\"}", "Authorization", auth));
        assertThat(picked.path("channel").path("name").asText()).isEqualTo("contracts");
        JsonNode test = json(http.postJson("/api/v1/accounts/" + ACCOUNT + "/slack/test", "{}", "Authorization",
                auth));
        assertThat(test.path("ok").asBoolean()).as(test.toString()).isTrue();
    }

    @Test
    @Order(5)
    void sampleEventsFromTheCertyneoStandInArriveAsColouredSlackMessages() {
        Map<String, String> colours = Map.of("envelope.completed", "#2EB67D", "envelope.declined", "#E01E5A",
                "envelope.expired", "#ECB22E", "envelope.sent", "#36C5F0", "recipient.signed", "#7C3AED");
        for (String type : colours.keySet()) {
            JsonNode sent = json(http.postJson("/sandbox/certyneo/send",
                    "{\"type\":\"" + type + "\",\"envelope_id\":\"env_it_1\",\"title\":\"IT <deal> & co\"}"));
            assertThat(sent.path("status").asInt()).as(sent.toString()).isEqualTo(202);
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<String> colourBars = new ArrayList<>();
            messages(CHANNEL).forEach(m -> m.path("attachments").forEach(a -> colourBars.add(a.path("color")
                    .asText().toUpperCase())));
            assertThat(colourBars).containsAll(colours.values());
        });
        // Certyneo's title arrives escaped for mrkdwn, never as a link or a mention
        assertThat(messages(CHANNEL).toString()).contains("IT &lt;deal&gt; &amp; co");
        JsonNode calls = json(http.get("/sandbox/certyneo/calls")).path("calls");
        assertThat(calls.toString()).contains("POST /webhooks/certyneo envelope.expired");
    }

    @Test
    @Order(6)
    void reSendSendsASignedBlockActionsAndTheServicesReplyArrivesInTheThread() {
        JsonNode expired = null;
        for (JsonNode m : messages(CHANNEL)) {
            if (m.toString().contains("\"envelope.resend\"")) {
                expired = m;
            }
        }
        assertThat(expired).as("a message with a Re-send button").isNotNull();
        JsonNode click = json(http.postJson("/sandbox/slack/click", "{\"channel\":\"" + CHANNEL + "\",\"ts\":\""
                + expired.path("ts").asText() + "\",\"action_id\":\"envelope.resend\",\"value\":\"env_it_1\"}"));
        assertThat(click.path("service_status").asInt()).isEqualTo(200);
        String rootTs = expired.path("ts").asText();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            JsonNode reply = null;
            for (JsonNode m : messages(CHANNEL)) {
                if ("response_url".equals(m.path("via").asText())) {
                    reply = m;
                }
            }
            assertThat(reply).isNotNull();
            assertThat(reply.path("thread_ts").asText()).isEqualTo(rootTs);
            assertThat(reply.path("text").asText()).contains("env_it_1");
        });
        String calls = json(http.get("/sandbox/certyneo/calls")).path("calls").toString();
        assertThat(calls).contains("POST /v1/envelopes/env_it_1/resend").contains("Certyneo-Account: " + ACCOUNT)
                .contains("client_credentials token issued");
    }

    @Test
    @Order(7)
    void theStandInFollowsSlacksRules() {
        String bad = http.get("/sandbox/slack/api/auth.test", "Authorization", "Bearer xoxb-nobody").body();
        assertThat(bad).isEqualTo("{\"ok\":false,\"error\":\"invalid_auth\"}");
        String token = botToken();
        String auth = "Bearer " + token;
        HttpResponse<String> notIn = http.postJson("/sandbox/slack/api/chat.postMessage",
                "{\"channel\":\"C0SBXHRONBRD\",\"text\":\"hi\"}", "Authorization", auth);
        assertThat(notIn.statusCode()).isEqualTo(200);
        assertThat(json(notIn).path("error").asText()).isEqualTo("not_in_channel");
        HttpResponse<String> first = http.postJson("/sandbox/slack/api/chat.postMessage",
                "{\"channel\":\"C0SBXSALES\",\"text\":\"one\"}", "Authorization", auth);
        HttpResponse<String> second = http.postJson("/sandbox/slack/api/chat.postMessage",
                "{\"channel\":\"C0SBXSALES\",\"text\":\"two\"}", "Authorization", auth);
        assertThat(json(first).path("ok").asBoolean()).isTrue();
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(second.headers().firstValue("Retry-After")).hasValue("1");
        String rootTs = json(first).path("ts").asText();
        await().pollDelay(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode reply = json(http.postJson("/sandbox/slack/api/chat.postMessage", "{\"channel\":\"C0SBXSALES\","
                    + "\"text\":\"in thread\",\"thread_ts\":\"" + rootTs + "\",\"reply_broadcast\":true}",
                    "Authorization", auth));
            assertThat(reply.path("message").path("reply_broadcast").asBoolean()).as(reply.toString()).isTrue();
        });
        await().pollDelay(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode updated = json(http.postJson("/sandbox/slack/api/chat.update",
                    "{\"channel\":\"C0SBXSALES\",\"ts\":\"" + rootTs + "\",\"text\":\"one, updated\"}",
                    "Authorization", auth));
            assertThat(updated.path("ok").asBoolean()).as(updated.toString()).isTrue();
        });
        assertThat(messages("C0SBXSALES").get(0).path("edited").asBoolean()).isTrue();
        assertThat(json(http.postJson("/sandbox/slack/api/chat.update",
                "{\"channel\":\"C0SBXGENERAL\",\"ts\":\"1.000001\",\"text\":\"x\"}", "Authorization", auth))
                .path("error").asText()).isEqualTo("message_not_found");
    }

    @Test
    @Order(8)
    void invitingTheBotAndUninstallingTheAppReachTheServiceAsSignedEvents() {
        JsonNode invited = json(http.postJson("/sandbox/slack/channels/C0SBXHRONBRD/invite", "{}"));
        assertThat(invited.path("service_status").asInt()).isEqualTo(200);
        assertThat(http.get("/sandbox/slack/channels/C0SBXHRONBRD").body()).contains("\"is_member\":true");

        JsonNode uninstalled = json(http.postJson("/sandbox/slack/uninstall", "{}"));
        assertThat(uninstalled.path("service_status").asInt()).isEqualTo(200);
        String auth = "Bearer " + http.get("/sandbox/token").body();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                json(http.get("/api/v1/accounts/" + ACCOUNT + "/slack", "Authorization", auth)).path("health")
                        .asText())
                .isEqualTo("revoked"));
    }

    /** A bot token of the stand-in, obtained as the service obtains one: authorize, then oauth.v2.access. */
    private String botToken() {
        String redirect = http.base() + "/slack/oauth/callback";
        String location = http.postForm("/sandbox/slack/oauth/v2/decide",
                SandboxHttp.form("decision", "allow", "redirect_uri", redirect, "state", "s")).headers()
                .firstValue("Location").orElseThrow();
        String basic = java.util.Base64.getEncoder()
                .encodeToString("local-client-id:local-client-secret".getBytes(StandardCharsets.UTF_8));
        JsonNode access = json(http.postForm("/sandbox/slack/api/oauth.v2.access",
                SandboxHttp.form("code", query(location).get("code"), "redirect_uri", redirect), "Authorization",
                "Basic " + basic));
        assertThat(access.path("ok").asBoolean()).as(access.toString()).isTrue();
        return access.path("access_token").asText();
    }

    private List<JsonNode> messages(String channel) {
        List<JsonNode> list = new ArrayList<>();
        json(http.get("/sandbox/slack/channels/" + channel)).path("messages").forEach(list::add);
        return list;
    }

    private static Map<String, String> query(String url) {
        Map<String, String> query = new HashMap<>();
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(kv[0], URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
        }
        return query;
    }
}
