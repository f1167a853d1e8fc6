package com.certyneo.slack.slackapi;

import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The Slack app and Web API ({@code slack.*}). Secrets are Optional here so that a missing one is
 * reported by the startup check naming its environment variable.
 */
@ConfigMapping(prefix = "slack")
public interface SlackConfig {

    /** Web API base, e.g. https://slack.com/api (SLACK_API_URL). Also feeds quarkus.rest-client.slack.url. */
    String apiUrl();

    /** OAuth v2 authorize page (SLACK_AUTHORIZE_URL). */
    String authorizeUrl();

    Optional<String> clientId();

    Optional<String> clientSecret();

    Optional<String> signingSecret();

    /**
     * Upper bound for one Web API call, end to end (pool wait, connect, answer). The rest client's
     * own connect/read timeouts (quarkus.rest-client.slack.*) sit below it.
     */
    @WithDefault("6s")
    Duration callTimeout();

    /** Page size asked of conversations.list (Slack caps it at 1000, recommends ≤ 200). */
    @WithDefault("200")
    int conversationsPageSize();

    /** Allowed clock skew for Slack request signatures. */
    @WithDefault("300s")
    Duration signatureTolerance();

    /**
     * Largest body accepted on /slack/events and /slack/interactions (Slack's are a few KiB). Read before the
     * signature can be checked, so it bounds what an unauthenticated caller can make us buffer.
     */
    @WithDefault("1M")
    MemorySize maxRequestBody();
}
