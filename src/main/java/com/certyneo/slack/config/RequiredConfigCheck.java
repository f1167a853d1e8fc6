package com.certyneo.slack.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

import io.quarkus.runtime.StartupEvent;

/**
 * Refuses a production start with required secrets missing, naming every missing environment
 * variable at once (never its value). The local and test profiles carry harmless defaults.
 */
@Singleton
public class RequiredConfigCheck {

    /** Environment variable (what the operator sets) → property it feeds. */
    static final Map<String, String> REQUIRED = new LinkedHashMap<>();

    static {
        REQUIRED.put("PUBLIC_BASE_URL", "certyneo.public-base-url");
        REQUIRED.put("SLACK_CLIENT_ID", "slack.client-id");
        REQUIRED.put("SLACK_CLIENT_SECRET", "slack.client-secret");
        REQUIRED.put("SLACK_SIGNING_SECRET", "slack.signing-secret");
        REQUIRED.put("CERTYNEO_WEBHOOK_SECRETS", "certyneo.webhook.secrets");
        REQUIRED.put("CERTYNEO_API_URL", "certyneo.api-url");
        REQUIRED.put("CERTYNEO_OIDC_TOKEN_URL", "certyneo.oidc-token-url");
        REQUIRED.put("CERTYNEO_CLIENT_ID", "certyneo.client-id");
        REQUIRED.put("CERTYNEO_CLIENT_SECRET", "certyneo.client-secret");
        REQUIRED.put("TOKEN_ENCRYPTION_KEYS", "crypto.token-encryption-keys");
        REQUIRED.put("ALLOWED_RETURN_URLS", "installation.allowed-return-urls");
        REQUIRED.put("QUARKUS_DATASOURCE_REACTIVE_URL", "quarkus.datasource.reactive.url");
        REQUIRED.put("QUARKUS_DATASOURCE_JDBC_URL", "quarkus.datasource.jdbc.url");
    }

    void onStart(@Observes StartupEvent event, Config config) {
        List<String> missing = missing(config);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Missing required configuration: " + String.join(", ", missing));
        }
    }

    static List<String> missing(Config config) {
        List<String> missing = new ArrayList<>();
        REQUIRED.forEach((env, property) -> {
            String value = config.getOptionalValue(property, String.class).orElse("");
            if (value.isBlank()) {
                missing.add(env);
            }
        });
        return missing;
    }
}
