package com.certyneo.slack.local.sandbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The local sandbox (SPEC section 12). Its values live in application-local.properties; the defaults only keep
 * a development-build jar started in another profile valid (the sandbox is then off, see {@link SandboxProfile}).
 */
@ConfigMapping(prefix = "sandbox")
public interface SandboxConfig {

    /** Where the service reaches itself (stand-ins call its webhook, events and interactions endpoints). */
    @WithDefault("http://localhost:8080")
    String baseUrl();

    /** The Certyneo account of the sandbox settings page. */
    @WithDefault("acc_sandbox")
    String account();

    /** The Slack workspace the stand-in plays. */
    @WithDefault("Acme Sandbox")
    String workspaceName();

    /** How many generated channels come after the named ones, so that the picker must search. */
    @WithDefault("220")
    int generatedChannels();

    /**
     * Whether the Slack stand-in is the Slack the service talks to: false when real SLACK_* credentials are set
     * ({@link SlackChoiceConfigSource}).
     */
    @WithDefault("true")
    boolean slackStandIn();

    /** The Slack Web API the local profile uses unless SLACK_API_URL is set ({@link SlackChoiceConfigSource}). */
    @WithDefault("https://slack.com/api")
    String slackApiUrl();

    /** Slack's authorize page for the local profile unless SLACK_AUTHORIZE_URL is set. */
    @WithDefault("https://slack.com/oauth/v2/authorize")
    String slackAuthorizeUrl();
}
