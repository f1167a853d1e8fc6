package com.certyneo.slack.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Decides, before Quarkus starts, whether a production start has every required setting, so that
 * the operator gets ONE message naming every missing environment variable (never a value) instead
 * of the first datasource/OIDC/Flyway failure. Pure: reads the maps it is given.
 */
public final class RequiredConfigCheck {

    /**
     * One requirement: satisfied when any of its environment variables, or the matching property
     * as a system property, is set to a non-blank value.
     */
    record Requirement(List<String> envNames, List<String> properties) {

        String label() {
            return String.join(" or ", envNames);
        }
    }

    /** Profiles with built-in harmless values: no check there. */
    private static final List<String> UNCHECKED_PROFILES = List.of("local", "dev", "test");

    static final List<Requirement> REQUIRED = List.of(
            one("PUBLIC_BASE_URL", "certyneo.public-base-url"),
            one("SLACK_CLIENT_ID", "slack.client-id"),
            one("SLACK_CLIENT_SECRET", "slack.client-secret"),
            one("SLACK_SIGNING_SECRET", "slack.signing-secret"),
            one("CERTYNEO_WEBHOOK_SECRETS", "certyneo.webhook.secrets"),
            one("CERTYNEO_API_URL", "certyneo.api-url"),
            one("CERTYNEO_OIDC_TOKEN_URL", "certyneo.oidc-token-url"),
            one("CERTYNEO_CLIENT_ID", "certyneo.client-id"),
            one("CERTYNEO_CLIENT_SECRET", "certyneo.client-secret"),
            one("TOKEN_ENCRYPTION_KEYS", "crypto.token-encryption-keys"),
            one("ALLOWED_RETURN_URLS", "installation.allowed-return-urls"),
            one("QUARKUS_DATASOURCE_REACTIVE_URL", "quarkus.datasource.reactive.url"),
            one("QUARKUS_DATASOURCE_JDBC_URL", "quarkus.datasource.jdbc.url"),
            one("QUARKUS_DATASOURCE_USERNAME", "quarkus.datasource.username"),
            one("QUARKUS_DATASOURCE_PASSWORD", "quarkus.datasource.password"),
            new Requirement(List.of("QUARKUS_OIDC_AUTH_SERVER_URL", "QUARKUS_OIDC_PUBLIC_KEY"),
                    List.of("quarkus.oidc.auth-server-url", "quarkus.oidc.public-key")),
            // without it, any token of the realm (issued for another client) would be accepted
            one("QUARKUS_OIDC_TOKEN_AUDIENCE", "quarkus.oidc.token.audience"));

    private static final Requirement PUBLIC_KEY = one("QUARKUS_OIDC_PUBLIC_KEY", "quarkus.oidc.public-key");
    /** Discovery gives the issuer; a bare public key does not, so it must be named. */
    private static final Requirement ISSUER = one("QUARKUS_OIDC_TOKEN_ISSUER", "quarkus.oidc.token.issuer");
    private static final Requirement AUDIENCE = REQUIRED.get(REQUIRED.size() - 1);
    private static final Requirement WEBHOOK_SECRETS = one("CERTYNEO_WEBHOOK_SECRETS", "certyneo.webhook.secrets");

    private RequiredConfigCheck() {
    }

    private static Requirement one(String env, String property) {
        return new Requirement(List.of(env), List.of(property));
    }

    /** Every requirement as its alternative environment variable names (used by the manifest tests). */
    public static List<List<String>> requiredVariables() {
        return REQUIRED.stream().map(Requirement::envNames).toList();
    }

    /** The active profiles as Quarkus resolves them for a built application (default prod). */
    public static String activeProfiles(Map<String, String> env, Properties system) {
        String profile = system.getProperty("quarkus.profile");
        if (blank(profile)) {
            profile = env.get("QUARKUS_PROFILE");
        }
        return blank(profile) ? "prod" : profile.trim();
    }

    /** True unless one of the (comma-separated) active profiles is local, dev or test. */
    public static boolean appliesTo(String profiles) {
        for (String profile : profiles.split(",")) {
            if (UNCHECKED_PROFILES.contains(profile.trim())) {
                return false;
            }
        }
        return true;
    }

    /** Labels (environment variable names) of every unmet requirement, in a stable order. */
    public static List<String> missing(Map<String, String> env, Properties system) {
        List<String> missing = new ArrayList<>();
        for (Requirement requirement : REQUIRED) {
            if (value(requirement, env, system) == null) {
                missing.add(requirement.label());
            }
        }
        if (value(PUBLIC_KEY, env, system) != null && value(ISSUER, env, system) == null) {
            missing.add(ISSUER.label());
        }
        return missing;
    }

    /**
     * Settings that are present but unsafe, each naming its variable and why (positions, never
     * values): webhook secrets too short or not whsec_&lt;base64&gt;, and the "any" wildcard that
     * turns the audience or issuer check off.
     */
    public static List<String> invalid(Map<String, String> env, Properties system) {
        List<String> invalid = new ArrayList<>();
        String secrets = value(WEBHOOK_SECRETS, env, system);
        if (secrets != null) {
            String[] each = secrets.split(",");
            for (int i = 0; i < each.length; i++) {
                WebhookSecrets.weakness(each[i], i + 1).ifPresent(invalid::add);
            }
        }
        for (Requirement claim : List.of(AUDIENCE, ISSUER)) {
            if ("any".equalsIgnoreCase(value(claim, env, system))) {
                invalid.add(claim.label() + " (\"any\" turns the check off; name the expected value)");
            }
        }
        return invalid;
    }

    /** The one start-up failure line: names only, never values. */
    public static String message(String profiles, List<String> missing) {
        return message(profiles, missing, List.of());
    }

    /** The one start-up failure line for missing and invalid settings: names only, never values. */
    public static String message(String profiles, List<String> missing, List<String> invalid) {
        StringBuilder line = new StringBuilder("certyneo-slack cannot start (profile ").append(profiles).append("): ");
        if (!missing.isEmpty()) {
            line.append("missing required configuration: ").append(String.join(", ", missing)).append(". ");
        }
        if (!invalid.isEmpty()) {
            line.append("Invalid configuration: ").append(String.join("; ", invalid)).append(". ");
        }
        return line.append("Set each as an environment variable (see docs/operations.md).").toString();
    }

    /** The first non-blank value of a requirement, or null. */
    private static String value(Requirement requirement, Map<String, String> env, Properties system) {
        for (String name : requirement.envNames()) {
            if (!blank(env.get(name))) {
                return env.get(name).trim();
            }
        }
        for (String property : requirement.properties()) {
            // -Dproperty, or the MicroProfile environment form of the property (FOO_BAR_BAZ)
            if (!blank(system.getProperty(property))) {
                return system.getProperty(property).trim();
            }
            if (!blank(env.get(envForm(property)))) {
                return env.get(envForm(property)).trim();
            }
        }
        return null;
    }

    static String envForm(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
