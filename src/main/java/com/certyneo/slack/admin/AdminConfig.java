package com.certyneo.slack.admin;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Admin API settings ({@code admin.*}). */
@ConfigMapping(prefix = "admin")
public interface AdminConfig {

    /** Largest request body accepted by the admin API (its bodies are a few hundred bytes); beyond: 413. */
    @WithDefault("64K")
    MemorySize maxBodySize();
}
