package com.certyneo.slack.intake;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Webhook intake settings ({@code certyneo.webhook.*}). */
@ConfigMapping(prefix = "certyneo.webhook")
public interface WebhookConfig {

    /**
     * Accepted {@code whsec_…} secrets (CERTYNEO_WEBHOOK_SECRETS), any of which may sign a webhook
     * (rotation). Optional here so that a missing value is reported by RequiredConfigCheck, which
     * names the environment variable, instead of a mapping error.
     */
    Optional<List<String>> secrets();

    /** Allowed distance between webhook-timestamp and now, in both directions. */
    @WithDefault("300s")
    Duration tolerance();

    /** Largest accepted body; larger ones get 413. */
    @WithDefault("256K")
    MemorySize maxBodySize();

    /** How long storing an event may take before the answer is 503 (Certyneo retries later). */
    @WithDefault("5s")
    Duration storeTimeout();
}
