package com.certyneo.slack.slackapp;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import org.jboss.resteasy.reactive.RestResponse;

import com.certyneo.slack.platform.ProblemException;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * Slack interactivity (SPEC section 5). Answers within Slack's 3 s whatever Certyneo does: the
 * signature is checked on the raw body, the click handed to {@link ResendInteraction} and 200 sent
 * at once. The outcome reaches the user through the payload's response_url.
 */
@Path("/slack/interactions")
public class InteractionResource {

    private final SignedSlackRequests signed;
    private final ResendInteraction resend;
    private final MeterRegistry registry;

    InteractionResource(SignedSlackRequests signed, ResendInteraction resend, MeterRegistry registry) {
        this.signed = signed;
        this.resend = resend;
        this.registry = registry;
    }

    /** No entity parameter: the raw body is read by {@link SignedSlackRequests}, bounded, after the timestamp check. */
    @POST
    public Uni<RestResponse<Void>> interact(HttpServerRequest request) {
        return signed.read(request).onFailure(ProblemException.class).invoke(failure -> {
            if (((ProblemException) failure).problem().status() == 401) {
                registry.counter("slack_interactions_total", "action", "unverified", "outcome", "unauthorized")
                        .increment();
            }
        }).map(this::handle);
    }

    private RestResponse<Void> handle(byte[] body) {
        Interaction click = Interaction.parse(body);
        if (click.isResend()) {
            resend.start(click);
        } else {
            // other buttons, shortcuts, modals: nothing of ours; Slack only needs the 200
            registry.counter("slack_interactions_total", "action", "other", "outcome", "ignored").increment();
        }
        return RestResponse.ok();
    }
}
