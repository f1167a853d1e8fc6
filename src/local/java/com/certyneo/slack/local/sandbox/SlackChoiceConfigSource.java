package com.certyneo.slack.local.sandbox;

import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Chooses which Slack the local profile talks to: the sandbox's stand-in, unless real Slack app credentials are
 * given (SLACK_CLIENT_ID, as environment variable or system property), in which case Slack itself.
 * application-local.properties points {@code slack.api-url} and {@code slack.authorize-url} at the values chosen
 * here (SLACK_API_URL and SLACK_AUTHORIZE_URL still win). Only the development build has this class; its keys are
 * read by the local profile only.
 */
public class SlackChoiceConfigSource implements ConfigSource {

    private final Map<String, String> values;

    public SlackChoiceConfigSource() {
        this(System.getenv("SLACK_CLIENT_ID"), System.getProperty("slack.client-id"));
    }

    SlackChoiceConfigSource(String clientIdEnv, String clientIdProperty) {
        boolean real = !blank(clientIdEnv) || !blank(clientIdProperty);
        this.values = real
                ? Map.of("sandbox.slack-stand-in", "false", "sandbox.slack-api-url", "https://slack.com/api",
                        "sandbox.slack-authorize-url", "https://slack.com/oauth/v2/authorize")
                : Map.of("sandbox.slack-stand-in", "true", "sandbox.slack-api-url",
                        "${sandbox.base-url}/sandbox/slack/api", "sandbox.slack-authorize-url",
                        "${sandbox.base-url}/sandbox/slack/oauth/v2/authorize");
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    public Set<String> getPropertyNames() {
        return values.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return values.get(propertyName);
    }

    @Override
    public String getName() {
        return "sandbox-slack-choice";
    }

    /** Below every file and variable: these keys are defined nowhere else. */
    @Override
    public int getOrdinal() {
        return 50;
    }
}
