package com.certyneo.slack.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.AdminTokens;
import com.certyneo.slack.testsupport.Db;
import com.certyneo.slack.testsupport.InstallFlow;
import com.certyneo.slack.testsupport.RawHttp;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * Property: no request, however malformed, makes a public or admin endpoint answer 5xx over real HTTP; refusals are
 * application/problem+json. Admin bodies and query strings, Slack events and interactions (validly signed and not)
 * and OAuth callbacks are mutated from valid ones by {@link Mutations}. The seed is printed and named in any failure;
 * replay one with {@code -Dguards.seed=<seed>}; {@code -Dguards.tries=<n>} sets the cases per endpoint.
 */
@QuarkusTest
class HttpMutationPropertiesTest {

    private static final String ACC = "acc_props";
    private static final String BASE = "/api/v1/accounts/" + ACC + "/slack";
    private static final String SECRET = "test-signing-secret";
    // no installation has this workspace: mutated events and clicks cannot revoke another test's installation
    private static final String TEAM = "T0PROPS";
    private static final long SEED = Long.getLong("guards.seed", System.nanoTime());
    private static final Pattern MALFORMED_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");
    private static final int TRIES = Integer.getInteger("guards.tries", 200);

    private static boolean connected;

    /** Once per class, but after Quarkus has pointed RestAssured at the app (done before each test). */
    @BeforeEach
    void connect() {
        if (!connected) {
            System.out.println("HttpMutationPropertiesTest seed=" + SEED + " (replay with -Dguards.seed=" + SEED + ")");
            Db.update("delete from installation where account_id = ?", ACC);
            InstallFlow.connect(ACC, "xoxb-props-0000-token");
            connected = true;
        }
    }

    @Test
    void adminBodiesNeverAnswer5xx() throws Exception {
        Mutations m = new Mutations(SEED);
        Map<String, ObjectNode> valid = new LinkedHashMap<>();
        valid.put("PUT /events", Mutations.object("{\"events\":[\"envelope.sent\",\"envelope.completed\"]}"));
        valid.put("PUT /channel", Mutations.object("{\"channel_id\":\"C0GENERAL\"}"));
        valid.put("POST /install", Mutations.object("{\"return_url\":\"https://app.certyneo.com/settings/x\"}"));
        valid.put("PUT /settings", Mutations.object("{\"layout\":\"thread_per_envelope\",\"locale\":\"fr\","
                + "\"digest\":{\"enabled\":true,\"after\":10}}"));
        valid.put("PUT /routes", Mutations.object("{\"routes\":{\"envelope.declined\":\"C0GENERAL\"}}"));
        String token = AdminTokens.admin(ACC);
        for (int i = 0; i < TRIES; i++) {
            for (Map.Entry<String, ObjectNode> endpoint : valid.entrySet()) {
                String[] route = endpoint.getKey().split(" ");
                byte[] body = m.mutate(endpoint.getValue());
                Map<String, String> headers = Map.of("Authorization", "Bearer " + token,
                        "Content-Type", m.chance(90) ? "application/json" : "text/plain");
                check(i, endpoint.getKey(), body, RawHttp.send(RestAssured.port, route[0], BASE + route[1], headers,
                        body), true);
            }
        }
    }

    @Test
    void adminQueryStringsNeverAnswer5xx() throws Exception {
        Mutations m = new Mutations(SEED + 1);
        Map<String, String> headers = Map.of("Authorization", "Bearer " + AdminTokens.admin(ACC));
        for (int i = 0; i < TRIES * 2; i++) {
            String target = switch (m.nextInt(3)) {
                case 0 -> BASE + "/deliveries?cursor=" + m.rawQueryValue() + "&limit=" + m.rawQueryValue();
                case 1 -> BASE + "/deliveries?limit=" + m.rawQueryValue() + "&limit=" + m.rawQueryValue();
                default -> BASE + "/channels?cursor=" + m.rawQueryValue();
            };
            check(i, "GET " + target, new byte[0], RawHttp.send(RestAssured.port, "GET", target, headers, null),
                    true);
        }
    }

    @Test
    void slackEventsNeverAnswer5xxSignedOrNot() throws Exception {
        Mutations m = new Mutations(SEED + 2);
        ObjectNode[] valid = {
                Mutations.object("{\"type\":\"event_callback\",\"team_id\":\"" + TEAM + "\",\"event_id\":\"Ev1\","
                        + "\"event_time\":1764151200,\"event\":{\"type\":\"tokens_revoked\","
                        + "\"tokens\":{\"bot\":[\"U0PROPSBOT\"]}}}"),
                Mutations.object("{\"type\":\"event_callback\",\"team_id\":\"" + TEAM + "\",\"event_id\":\"Ev2\","
                        + "\"event_time\":1764151200,\"event\":{\"type\":\"app_uninstalled\"}}"),
                Mutations.object("{\"type\":\"event_callback\",\"team_id\":\"" + TEAM + "\",\"event_id\":\"Ev3\","
                        + "\"event_time\":1764151200,\"event\":{\"type\":\"member_joined_channel\","
                        + "\"user\":\"U0PROPSBOT\",\"channel\":\"C0PROPS\"}}"),
                Mutations.object("{\"type\":\"url_verification\",\"challenge\":\"abc\"}")};
        for (int i = 0; i < TRIES * 2; i++) {
            ObjectNode base = valid[m.nextInt(valid.length)].deepCopy();
            base.put("event_id", "EvProps" + SEED + "_" + i);
            byte[] body = m.mutate(base);
            check(i, "POST /slack/events", body, RawHttp.send(RestAssured.port, "POST", "/slack/events",
                    slackHeaders(m, body, "application/json"), body), false);
        }
    }

    @Test
    void slackInteractionsNeverAnswer5xxSignedOrNot() throws Exception {
        Mutations m = new Mutations(SEED + 3);
        ObjectNode valid = Mutations.object(com.certyneo.slack.slackapp.Clicks.payload(TEAM, "U0PROPS",
                "envelope.resend", "env_props", "https://elsewhere.example/hook"));
        for (int i = 0; i < TRIES * 2; i++) {
            byte[] payload = m.mutate(valid);
            String form = switch (m.nextInt(6)) {
                case 0 -> new String(payload, StandardCharsets.ISO_8859_1);
                case 1 -> Mutations.urlSafe(m.anyString()) + "=" + m.rawQueryValue() + "&payload";
                case 2 -> "payload=" + m.rawQueryValue();
                default -> "payload=" + Mutations.urlSafe(new String(payload, StandardCharsets.UTF_8));
            };
            byte[] body = form.getBytes(StandardCharsets.ISO_8859_1);
            check(i, "POST /slack/interactions", body, RawHttp.send(RestAssured.port, "POST", "/slack/interactions",
                    slackHeaders(m, body, "application/x-www-form-urlencoded"), body), false);
        }
    }

    @Test
    void oauthCallbacksWithOddParametersNeverAnswer5xx() throws Exception {
        Mutations m = new Mutations(SEED + 4);
        String[] names = {"code", "state", "error", "ticket", "code", "state"};
        for (int i = 0; i < TRIES * 2; i++) {
            StringBuilder query = new StringBuilder();
            for (int p = m.nextInt(4); p >= 0; p--) {
                query.append(query.length() == 0 ? "" : "&").append(names[m.nextInt(names.length)]).append('=')
                        .append(m.chance(50) ? m.rawQueryValue() : Mutations.urlSafe(m.anyString()));
            }
            Map<String, String> headers = m.chance(50)
                    ? Map.of("Cookie", "__Host-certyneo_slack_state=" + Mutations.urlSafe(m.ascii()))
                    : Map.of();
            String path = m.chance(80) ? "/slack/oauth/callback?" : "/slack/install?";
            check(i, "GET " + path + query, new byte[0], RawHttp.send(RestAssured.port, "GET", path + query,
                    headers, null), false);
        }
    }

    /** Signed correctly most of the time, else with a wrong, missing or stale signature or timestamp. */
    private static Map<String, String> slackHeaders(Mutations m, byte[] body, String contentType) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        String timestamp = Long.toString(Instant.now().getEpochSecond() - (m.chance(10) ? 400 : 0));
        String signature = sign(timestamp, body);
        switch (m.nextInt(10)) {
            case 0 -> headers.put("X-Slack-Request-Timestamp", Mutations.urlSafe(m.ascii()));
            case 1 -> headers.put("X-Slack-Signature", signature);
            case 2 -> {
                headers.put("X-Slack-Request-Timestamp", timestamp);
                headers.put("X-Slack-Signature", "v0=" + Mutations.urlSafe(m.ascii()));
            }
            default -> {
                headers.put("X-Slack-Request-Timestamp", timestamp);
                headers.put("X-Slack-Signature", signature);
            }
        }
        return headers;
    }

    /** Slack's v0 signature over the exact bytes (the body may not be text at all). */
    private static String sign(String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void check(int i, String what, byte[] body, RawHttp.Answer answer, boolean admin) {
        if (answer.status() >= 500) {
            fail("seed=%d case %d: %s answered %d %s%nbody sent: %s", SEED, i, what, answer.status(), answer.body(),
                    preview(body));
        }
        // a malformed percent-escape in the query (%zz, a lone %) is refused by the HTTP layer with a bare 400
        // before any endpoint runs: still never a 5xx, but not problem+json
        boolean refusedByHttpLayer = answer.status() == 400 && MALFORMED_ESCAPE.matcher(what).find();
        if (answer.status() >= 400 && answer.status() != 405 && (admin || answer.status() != 404)
                && !refusedByHttpLayer) {
            assertThat(answer.contentType()).as("seed=%d case %d: %s (%d) body sent: %s", SEED, i, what,
                    answer.status(), preview(body)).startsWith("application/problem+json");
        }
    }

    private static String preview(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() > 300 ? text.substring(0, 300) + "…(" + body.length + " bytes)" : text;
    }
}
