package com.certyneo.slack.slackapi;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.certyneo.slack.slackapp.SlackSignatureVerifier;

/** CDI wiring for the pure Slack classes. */
@ApplicationScoped
public class SlackBeans {

    /**
     * The one verifier of /slack/events and /slack/interactions, on the system clock. Without a signing secret it
     * refuses everything (RequiredConfigCheck stops a production start first); never a default secret.
     */
    @Produces
    @Singleton
    SlackSignatureVerifier slackSignatureVerifier(SlackConfig config) {
        return config.signingSecret().filter(secret -> !secret.isBlank())
                .map(secret -> new SlackSignatureVerifier(secret, Clock.systemUTC(), config.signatureTolerance()))
                .orElseGet(() -> SlackSignatureVerifier.refusingAll(Clock.systemUTC(), config.signatureTolerance()));
    }
}
