package com.certyneo.slack.slackapp;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Slack interactivity and the Re-send button (docs/slack-app.md). The Certyneo call itself is tuned
 * through quarkus.rest-client.certyneo-api.* and the fault-tolerance keys of GuardedCertyneoCalls.
 */
@ConfigMapping(prefix = "resend")
public interface ResendConfig {

    /**
     * Prefixes a payload's {@code response_url} must start with (scheme, host, port and path are
     * compared). Slack's own are under https://hooks.slack.com/; no call is made anywhere else.
     */
    @WithDefault("https://hooks.slack.com/")
    List<String> responseUrlPrefixes();

    /** Bound on one reply to a response_url (connect + answer). */
    @WithDefault("5s")
    Duration replyTimeout();

    /**
     * A second click on the same envelope within this window, while the first is in progress or after
     * it re-sent, is answered "already re-sent" instead of e-mailing the signers twice. 0 disables.
     */
    @WithDefault("60s")
    Duration duplicateClickWindow();

    /**
     * On shutdown, how long clicks being handled may take to finish (Certyneo call, reply to Slack,
     * audit) before the process exits.
     */
    @WithDefault("15s")
    Duration shutdownGrace();

    /** Extra attempts for a reply that failed on a 5xx or a connection problem. */
    @WithDefault("1")
    int replyRetries();
}
