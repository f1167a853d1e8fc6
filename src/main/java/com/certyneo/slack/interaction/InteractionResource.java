package com.certyneo.slack.interaction;

import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestResponse;

import com.certyneo.slack.problem.ProblemException;
import com.certyneo.slack.slack.SlackSignatureVerifier;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * Slack interactivity (SPEC section 5). Answers within Slack's 3 s whatever Certyneo does: the
 * signature is checked on the raw body, the click handed to {@link ResendInteraction} and 200 sent
 * at once. The outcome reaches the user through the payload's response_url.
 */
@Path("/slack/interactions")
public class InteractionResource {

    private final SlackSignatureVerifier verifier;
    private final ResendInteraction resend;
    private final MeterRegistry registry;

    InteractionResource(SlackSignatureVerifier verifier, ResendInteraction resend, MeterRegistry registry) {
        this.verifier = verifier;
        this.resend = resend;
        this.registry = registry;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<RestResponse<Void>> interact(@RestHeader("X-Slack-Request-Timestamp") String timestamp,
            @RestHeader("X-Slack-Signature") String signature, byte[] body) {
        if (!verifier.verify(timestamp, signature, body)) {
            registry.counter("slack_interactions_total", "action", "unverified", "outcome", "unauthorized")
                    .increment();
            throw ProblemException.unauthorized("The Slack signature is missing, invalid or outside the time window.");
        }
        Interaction click = Interaction.parse(body);
        if (click.isResend()) {
            resend.start(click, UUID.randomUUID().toString());
        } else {
            // other buttons, shortcuts, modals: nothing of ours; Slack only needs the 200
            registry.counter("slack_interactions_total", "action", "other", "outcome", "ignored").increment();
        }
        return Uni.createFrom().item(RestResponse.ok());
    }
}
