package com.certyneo.slack.slack;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** CDI wiring for the pure Slack classes. */
@ApplicationScoped
public class SlackBeans {

    /** Verifier for /slack/events and /slack/interactions, on the system clock. */
    @Produces
    @Singleton
    SlackSignatureVerifier slackSignatureVerifier(SlackConfig config) {
        return new SlackSignatureVerifier(config.signingSecret().orElse(""), Clock.systemUTC(),
                config.signatureTolerance());
    }
}
