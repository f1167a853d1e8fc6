package com.certyneo.slack.installation;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Installation and OAuth settings ({@code installation.*}). */
@ConfigMapping(prefix = "installation")
public interface InstallationConfig {

    /** ALLOWED_RETURN_URLS: URL prefixes a {@code return_url} must start with (scheme, host, port, path). */
    Optional<List<String>> allowedReturnUrls();

    /** How long an install ticket and its OAuth state stay usable (SPEC section 5: 10 minutes). */
    @WithDefault("10m")
    Duration stateTtl();

    /** The bot's name as people see it in Slack, used in "/invite @…" hints. */
    @WithDefault("Certyneo")
    String botDisplayName();

    /** Expired or used OAuth states are deleted once this old. */
    @WithDefault("1h")
    Duration stateRetention();

    /** Slack event receipts (event_id dedup) are kept this long; Slack retries for about an hour. */
    @WithDefault("7d")
    Duration eventReceiptRetention();
}
