package com.certyneo.slack.slackapp;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import com.certyneo.slack.platform.BoundedBody;
import com.certyneo.slack.platform.ProblemException;
import com.certyneo.slack.slackapi.SlackConfig;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads the raw body of a Slack request (Events API, interactivity) only as far as it may be trusted: a missing or
 * stale {@code X-Slack-Request-Timestamp} is refused before any byte is read, the body is bounded by
 * {@code slack.max-request-body} while reading, and the signature is checked on exactly those bytes.
 */
@ApplicationScoped
public class SignedSlackRequests {

    public static final String TIMESTAMP = "X-Slack-Request-Timestamp";
    public static final String SIGNATURE = "X-Slack-Signature";

    private final SlackSignatureVerifier verifier;
    private final SlackConfig config;

    public SignedSlackRequests(SlackConfig config) {
        this.config = config;
        // the one verifier; without a signing secret it refuses everything: never a default secret
        // (RequiredConfigCheck stops a production start first)
        this.verifier = config.signingSecret().filter(secret -> !secret.isBlank())
                .map(secret -> new SlackSignatureVerifier(secret, Clock.systemUTC(), config.signatureTolerance()))
                .orElseGet(() -> SlackSignatureVerifier.refusingAll(Clock.systemUTC(), config.signatureTolerance()));
    }

    /** The verified raw body; fails with a 401 or 413 {@link ProblemException}. */
    public Uni<byte[]> read(HttpServerRequest request) {
        return Uni.createFrom().deferred(() -> {
            if (!verifier.isFresh(request.getHeader(TIMESTAMP))) {
                BoundedBody.discard(request);
                return Uni.createFrom().failure(unauthorized());
            }
            return BoundedBody.read(request, config.maxRequestBody().asLongValue());
        }).map(body -> {
            if (!verifier.verify(request.getHeader(TIMESTAMP), request.getHeader(SIGNATURE), body)) {
                throw unauthorized();
            }
            return body;
        });
    }

    private static ProblemException unauthorized() {
        return ProblemException.unauthorized("Missing, invalid or stale Slack signature.");
    }
}
