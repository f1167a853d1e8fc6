package com.certyneo.slack.slackapi;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * Non-blocking Slack Web API client (SPEC sections 1 and 6): bot token as Bearer per call, every call
 * bounded by {@code slack.call-timeout} (below it the rest client's connect/read timeouts), every
 * answer mapped to a {@link SlackResult} — the returned Uni does not fail for Slack-side problems.
 * <p>
 * No retry here, on purpose: chat.postMessage is not idempotent (a retried timeout may post twice)
 * and the delivery pipeline owns retries, backoff, pacing and the audit of each attempt. Callers
 * decide from the typed outcome.
 * <p>
 * Secrets: the token only travels in the Authorization header; rest client logging is off
 * (quarkus.rest-client.logging.scope=none) and failures are reduced to a status or a cause kind,
 * so neither the request nor an exception message ever reaches a log or a result.
 */
@ApplicationScoped
public class SlackClient {

    private static final Logger LOG = Logger.getLogger(SlackClient.class);

    private final SlackApi api;
    private final SlackConfig config;
    private final MeterRegistry metrics;

    public SlackClient(@RestClient SlackApi api, SlackConfig config, MeterRegistry metrics) {
        this.api = api;
        this.config = config;
        this.metrics = metrics;
    }

    /** chat.postMessage with a JSON body (channel, text, blocks, attachments…). */
    public Uni<SlackResult<PostedMessage>> postMessage(String token, ObjectNode body) {
        return call("chat.postMessage", () -> api.postMessage(bearer(token), body), SlackClient::posted);
    }

    /** chat.update with a JSON body (channel, ts, text, blocks…). */
    public Uni<SlackResult<PostedMessage>> update(String token, ObjectNode body) {
        return call("chat.update", () -> api.update(bearer(token), body), SlackClient::posted);
    }

    /** One page of public, non-archived channels; {@code cursor} null for the first page. */
    public Uni<SlackResult<ChannelPage>> conversationsList(String token, String cursor) {
        return conversationsList(token, cursor, config.conversationsPageSize());
    }

    public Uni<SlackResult<ChannelPage>> conversationsList(String token, String cursor, int limit) {
        String from = cursor == null || cursor.isBlank() ? null : cursor;
        return call("conversations.list",
                () -> api.conversationsList(bearer(token), "public_channel", true, limit, from), json -> {
                    List<SlackChannel> channels = new ArrayList<>();
                    json.path("channels").forEach(c -> channels.add(channel(c)));
                    String next = json.path("response_metadata").path("next_cursor").asText("");
                    return new ChannelPage(channels, next.isEmpty() ? null : next);
                });
    }

    public Uni<SlackResult<SlackChannel>> conversationsInfo(String token, String channelId) {
        return call("conversations.info", () -> api.conversationsInfo(bearer(token), channelId),
                json -> channel(json.path("channel")));
    }

    /** Exchanges an OAuth code; client id and secret go as HTTP Basic (SPEC section 5). */
    public Uni<SlackResult<OAuthAccess>> oauthV2Access(String code, String redirectUri) {
        String credentials = config.clientId().orElse("") + ":" + config.clientSecret().orElse("");
        String basic = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        return call("oauth.v2.access", () -> api.oauthV2Access(basic, code, redirectUri),
                json -> new OAuthAccess(text(json.path("team"), "id"), text(json.path("team"), "name"),
                        text(json, "bot_user_id"), text(json, "app_id"), text(json, "scope"),
                        text(json, "access_token")));
    }

    /** auth.revoke; the value tells whether Slack reports the token revoked. */
    public Uni<SlackResult<Boolean>> authRevoke(String token) {
        return call("auth.revoke", () -> api.authRevoke(bearer(token)), json -> json.path("revoked").asBoolean(false));
    }

    public Uni<SlackResult<AuthIdentity>> authTest(String token) {
        return call("auth.test", () -> api.authTest(bearer(token)),
                json -> new AuthIdentity(text(json, "team_id"), text(json, "team"), text(json, "user_id"),
                        text(json, "bot_id"), text(json, "url")));
    }

    private <T> Uni<SlackResult<T>> call(String method, Supplier<Uni<JsonNode>> request,
            Function<JsonNode, T> parse) {
        Duration timeout = config.callTimeout();
        return Uni.createFrom().<JsonNode>deferred(request::get)
                .ifNoItem().after(timeout).failWith(TimeoutException::new)
                .map(json -> SlackClient.<T>fromAnswer(json, parse))
                .onFailure().recoverWithItem(SlackClient::<T>fromFailure)
                .invoke(result -> record(method, result));
    }

    static <T> SlackResult<T> fromAnswer(JsonNode json, Function<JsonNode, T> parse) {
        if (json == null || !json.isObject() || !json.has("ok")) {
            return SlackResult.transientFailure(200, "invalid_response");
        }
        if (json.path("ok").asBoolean(false)) {
            return SlackResult.ok(parse.apply(json));
        }
        String code = json.path("error").asText("unknown_error");
        if ("ratelimited".equals(code) || "rate_limited".equals(code)) {
            return SlackResult.rateLimited(Duration.ofSeconds(1));
        }
        if (SlackErrors.RETRYABLE.contains(code)) {
            return SlackResult.transientFailure(200, code);
        }
        return SlackResult.error(code);
    }

    /** Reduces any failure to a status or a cause kind; the exception (and its message) goes no further. */
    static <T> SlackResult<T> fromFailure(Throwable failure) {
        boolean unreadable = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof WebApplicationException wae && wae.getResponse() != null) {
                int status = wae.getResponse().getStatus();
                if (status == 429) {
                    return SlackResult.rateLimited(retryAfter(wae.getResponse().getHeaderString("Retry-After")));
                }
                return SlackResult.transientFailure(status, "http_" + status);
            }
            if (t instanceof TimeoutException || t.getClass().getName().contains("Timeout")) {
                return SlackResult.transientFailure(0, "timeout");
            }
            if (t instanceof java.io.IOException && !(t instanceof com.fasterxml.jackson.core.JsonProcessingException)
                    || t.getClass().getName().contains("Closed")) {
                return SlackResult.transientFailure(0, "connection");
            }
            unreadable |= t instanceof com.fasterxml.jackson.core.JsonProcessingException
                    || t instanceof jakarta.ws.rs.ProcessingException;
        }
        if (unreadable) {
            // Slack answered 2xx but not with JSON we can read
            return SlackResult.transientFailure(200, "invalid_response");
        }
        // anything else without an answer (DNS, TLS…): nothing usable came back from Slack
        LOG.debugf("Slack call failed without an answer: %s", failure.getClass().getName());
        return SlackResult.transientFailure(0, "connection");
    }

    /** Retry-After in seconds (what Slack sends); a missing or odd value waits one second. */
    static Duration retryAfter(String header) {
        if (header != null) {
            try {
                long seconds = Long.parseLong(header.trim());
                if (seconds >= 0) {
                    return Duration.ofSeconds(Math.max(1, seconds));
                }
            } catch (NumberFormatException ignored) {
                // an HTTP-date is not something Slack sends; fall through to the floor
            }
        }
        return Duration.ofSeconds(1);
    }

    private void record(String method, SlackResult<?> result) {
        String outcome = result.isOk()
                ? "ok"
                : result.isRateLimited()
                        ? "rate_limited"
                        : result.isTransient() ? "transient" : "error";
        String code = result.isOk()
                ? "none"
                : result.isRateLimited() ? "ratelimited" : SlackErrors.metricCode(result.describe());
        metrics.counter("slack.api.calls", "method", method, "outcome", outcome, "code", code).increment();
        if (!result.isOk()) {
            LOG.debugf("Slack %s: %s", method, result.describe());
        }
    }

    private static PostedMessage posted(JsonNode json) {
        return new PostedMessage(text(json, "channel"), text(json, "ts"));
    }

    private static SlackChannel channel(JsonNode c) {
        return new SlackChannel(text(c, "id"), text(c, "name"), c.path("is_member").asBoolean(false),
                c.path("is_archived").asBoolean(false), c.path("is_private").asBoolean(false));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String bearer(String token) {
        return "Bearer " + (token == null ? "" : token);
    }
}
