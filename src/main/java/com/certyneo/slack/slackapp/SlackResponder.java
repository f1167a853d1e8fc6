package com.certyneo.slack.slackapp;

import java.time.Duration;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * Posts replies to a payload's {@code response_url}. Only URLs under the configured prefixes are
 * called (SPEC section 6: no other host); redirects are not followed. The URL itself is a bearer
 * capability: it is never logged.
 */
@ApplicationScoped
class SlackResponder {

    private static final Logger LOG = Logger.getLogger(SlackResponder.class);

    private final WebClient client;
    private final ResendConfig config;
    private final UrlPrefixPolicy responseUrls;
    private final MeterRegistry registry;

    SlackResponder(Vertx vertx, ResendConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
        this.responseUrls = new UrlPrefixPolicy(config.responseUrlPrefixes());
        long timeout = config.replyTimeout().toMillis();
        this.client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false)
                .setConnectTimeout((int) Math.min(timeout, Integer.MAX_VALUE)).setUserAgent("certyneo-slack"));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** True when the URL lies under one configured prefix (same rule as ALLOWED_RETURN_URLS). */
    boolean isAllowed(String url) {
        return responseUrls.check(url).isPresent();
    }

    /** Posts the reply; completes with whether Slack took it. Never fails. */
    Uni<Boolean> reply(String responseUrl, JsonObject message) {
        String allowed = responseUrls.check(responseUrl).map(Object::toString).orElse(null);
        if (allowed == null) {
            return Uni.createFrom().item(false);
        }
        Duration timeout = config.replyTimeout();
        return client.postAbs(allowed).timeout(timeout.toMillis()).sendJsonObject(message)
                .onItem().transformToUni(response -> response.statusCode() >= 500
                        ? Uni.createFrom().failure(new IllegalStateException("HTTP " + response.statusCode()))
                        : Uni.createFrom().item(response))
                .onFailure().retry().withBackOff(Duration.ofMillis(300)).atMost(config.replyRetries())
                .map(SlackResponder::accepted)
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Reply to Slack response_url failed: %s", failure.getClass().getSimpleName());
                    return false;
                })
                .invoke(ok -> registry.counter("slack_interaction_replies_total", "outcome", ok ? "ok" : "failed")
                        .increment());
    }

    private static boolean accepted(HttpResponse<?> response) {
        if (response.statusCode() != 200) {
            // 404 expired_url / used_url: Slack answers in the body; nothing secret in it
            LOG.warnf("Slack refused a response_url reply: HTTP %d", response.statusCode());
            return false;
        }
        return true;
    }
}
