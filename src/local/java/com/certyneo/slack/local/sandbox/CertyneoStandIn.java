package com.certyneo.slack.local.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;

/**
 * Certyneo as the service sees it: webhooks signed with the local secret (Standard Webhooks) sent to
 * {@code /webhooks/certyneo}, one sample at a time or as a burst; the OAuth2 client-credentials token endpoint and
 * {@code POST /v1/envelopes/{id}/resend} for the Re-send button. Every call, both ways, is listed for the page.
 */
final class CertyneoStandIn {

    private static final int KEPT_CALLS = 300;
    private static final int MAX_BURST = 500;

    private final WebClient client;
    private final String baseUrl;
    private final String webhookSecret;
    private final String clientId;
    private final String clientSecret;
    private final String account;
    private final SampleEvents samples;
    private final Clock clock;
    private final SlackWorkspace ids;
    private final Deque<JsonObject> calls = new ArrayDeque<>();
    private final Set<String> tokens = new HashSet<>();

    CertyneoStandIn(WebClient client, SandboxConfig config, String webhookSecret, String clientId,
            String clientSecret, SampleEvents samples, SlackWorkspace ids, Clock clock) {
        this.client = client;
        this.baseUrl = config.baseUrl();
        this.webhookSecret = webhookSecret;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.account = config.account();
        this.samples = samples;
        this.ids = ids;
        this.clock = clock;
    }

    /** POST /sandbox/certyneo/send {type, envelope_id, title, signers, decline_reason} */
    void send(RoutingContext rc) {
        JsonObject form = rc.body().asJsonObject();
        String type = form == null ? null : form.getString("type");
        if (!SampleEvents.TYPES.contains(type)) {
            SlackChannelView.json(rc, 400, new JsonObject().put("error", "type must be one of " + SampleEvents.TYPES));
            return;
        }
        JsonObject event = samples.build(type, account, form.getString("envelope_id"), form.getString("title"),
                form.getString("signers"), form.getString("decline_reason"));
        deliver(event).onComplete(done -> SlackChannelView.json(rc, 200, done.succeeded()
                ? done.result()
                : new JsonObject().put("status", -1).put("error", "the service did not answer")));
    }

    /** POST /sandbox/certyneo/burst {type, count}: count events of one type, each its own envelope, at once. */
    void burst(RoutingContext rc) {
        JsonObject form = rc.body().asJsonObject();
        String type = form == null ? "envelope.sent" : form.getString("type", "envelope.sent");
        int count = count(form);
        if (!SampleEvents.TYPES.contains(type) || count < 1 || count > MAX_BURST) {
            SlackChannelView.json(rc, 400, new JsonObject().put("error", "count must be 1.." + MAX_BURST));
            return;
        }
        String prefix = "env_burst_" + ids.hex(3) + "_";
        List<Future<JsonObject>> sent = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            sent.add(deliver(samples.build(type, account, prefix + i, "Contract #" + i, null, null)));
        }
        Future.join(sent).onComplete(all -> {
            TreeMap<String, Integer> statuses = new TreeMap<>();
            for (Future<JsonObject> one : sent) {
                String status = one.succeeded() ? one.result().getValue("status").toString() : "no answer";
                statuses.merge(status, 1, Integer::sum);
            }
            SlackChannelView.json(rc, 200, new JsonObject().put("count", count).put("statuses", new JsonObject(
                    new LinkedHashMap<>(statuses))));
        });
    }

    private static int count(JsonObject form) {
        try {
            return form == null ? 0 : Integer.parseInt(String.valueOf(form.getValue("count", "0")));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** POST /sandbox/certyneo/oauth/token: client credentials, HTTP Basic or in the form. */
    void token(RoutingContext rc) {
        String id = rc.request().getFormAttribute("client_id");
        String secret = rc.request().getFormAttribute("client_secret");
        String basic = rc.request().getHeader("Authorization");
        if (basic != null && basic.startsWith("Basic ")) {
            String[] pair = new String(Base64.getDecoder().decode(basic.substring(6).trim()), StandardCharsets.UTF_8)
                    .split(":", 2);
            id = pair[0];
            secret = pair.length > 1 ? pair[1] : "";
        }
        if (!"client_credentials".equals(rc.request().getFormAttribute("grant_type")) || !clientId.equals(id)
                || !clientSecret.equals(secret)) {
            record("← token request", 401, "refused (wrong client or grant)");
            SlackChannelView.json(rc, 401, new JsonObject().put("error", "invalid_client"));
            return;
        }
        String token = "cty_sbx_" + ids.hex(12);
        synchronized (tokens) {
            tokens.add(token);
        }
        record("← token request", 200, "client_credentials token issued (expires in 3600 s)");
        SlackChannelView.json(rc, 200,
                new JsonObject().put("access_token", token).put("token_type", "Bearer").put("expires_in", 3600));
    }

    /** POST /sandbox/certyneo/v1/envelopes/{id}/resend, as the Re-send button makes the service call it. */
    void resend(RoutingContext rc) {
        String auth = rc.request().getHeader("Authorization");
        boolean known;
        synchronized (tokens) {
            known = auth != null && auth.startsWith("Bearer ") && tokens.contains(auth.substring(7).trim());
        }
        String envelope = rc.pathParam("id");
        String accountHeader = rc.request().getHeader("Certyneo-Account");
        if (!known) {
            record("← POST /v1/envelopes/" + envelope + "/resend", 401, "no valid bearer token");
            SlackChannelView.json(rc, 401, new JsonObject().put("error", "invalid_token"));
            return;
        }
        record("← POST /v1/envelopes/" + envelope + "/resend", 202, "Certyneo-Account: " + accountHeader
                + ", Idempotency-Key: " + rc.request().getHeader("Idempotency-Key"));
        SlackChannelView.json(rc, 202, new JsonObject().put("envelope_id", envelope).put("status", "resending"));
    }

    /** GET /sandbox/certyneo/calls: newest first. */
    void calls(RoutingContext rc) {
        JsonArray list;
        synchronized (calls) {
            list = new JsonArray(List.copyOf(calls));
        }
        SlackChannelView.json(rc, 200, new JsonObject().put("account", account).put("calls", list));
    }

    /** GET /sandbox/certyneo/samples: the form's starting values. */
    void samples(RoutingContext rc) {
        JsonObject forms = new JsonObject();
        for (String type : SampleEvents.TYPES) {
            forms.put(type, new JsonObject().put("title", SampleEvents.title(type))
                    .put("signers", SampleEvents.signersText(type)));
        }
        SlackChannelView.json(rc, 200, forms);
    }

    private Future<JsonObject> deliver(JsonObject event) {
        String body = event.encode();
        String webhookId = "msg_sbx_" + ids.hex(8);
        long timestamp = clock.instant().getEpochSecond();
        String label = "→ POST /webhooks/certyneo " + event.getString("type") + " " + event.getString("id");
        return client.postAbs(baseUrl + "/webhooks/certyneo").putHeader("Content-Type", "application/json")
                .putHeader("webhook-id", webhookId).putHeader("webhook-timestamp", Long.toString(timestamp))
                .putHeader("webhook-signature",
                        Signatures.standardWebhooks(webhookSecret, webhookId, timestamp, body))
                .sendBuffer(Buffer.buffer(body)).map(response -> {
                    String answer = response.bodyAsString() == null ? "" : response.bodyAsString();
                    record(label, response.statusCode(), answer);
                    return new JsonObject().put("status", response.statusCode()).put("answer", answer)
                            .put("event", event);
                });
    }

    private void record(String what, int status, String detail) {
        synchronized (calls) {
            calls.addFirst(new JsonObject().put("at", clock.instant().toString()).put("call", what)
                    .put("status", status).put("detail", detail));
            while (calls.size() > KEPT_CALLS) {
                calls.removeLast();
            }
        }
    }
}
