package com.certyneo.slack.certyneoapi;

import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.oidc.client.OidcClientException;
import io.smallrye.mutiny.Uni;

/**
 * The Certyneo API as the rest of the service sees it: never fails, always a {@link ResendOutcome}.
 * Timeouts, bounded retries and the circuit breaker live in {@link GuardedCertyneoCalls}.
 */
@ApplicationScoped
public class CertyneoClient {

    private static final Logger LOG = Logger.getLogger(CertyneoClient.class);
    /** Certyneo ids are short opaque tokens; anything else is refused before leaving the service. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private final GuardedCertyneoCalls calls;
    private final MeterRegistry registry;

    CertyneoClient(GuardedCertyneoCalls calls, MeterRegistry registry) {
        this.calls = calls;
        this.registry = registry;
    }

    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /**
     * {@code POST /v1/envelopes/{envelopeId}/resend} on behalf of {@code accountId}. The idempotency key
     * is sent with every attempt of the same request, so Certyneo can tell a retry from a new click.
     */
    public Uni<ResendOutcome> resend(String accountId, String envelopeId, String idempotencyKey) {
        if (!isValidId(accountId) || !isValidId(envelopeId)) {
            return Uni.createFrom().item(new ResendOutcome.Rejected(400, "the envelope id is not valid"));
        }
        Timer.Sample sample = Timer.start(registry);
        return calls.resend(accountId, envelopeId, idempotencyKey)
                .map(ignored -> (ResendOutcome) new ResendOutcome.Resent())
                .onFailure().recoverWithItem(CertyneoClient::outcomeOf)
                .invoke(outcome -> {
                    sample.stop(registry.timer("certyneo_api_resend", "outcome", outcome.label()));
                    if (outcome instanceof ResendOutcome.Unavailable unavailable) {
                        LOG.warnf("Certyneo re-send for account %s unavailable: %s", accountId,
                                unavailable.cause().label());
                    }
                });
    }

    static ResendOutcome outcomeOf(Throwable failure) {
        if (failure instanceof CertyneoRejectedException rejected) {
            return new ResendOutcome.Rejected(rejected.status(), rejected.reason());
        }
        if (failure instanceof CircuitBreakerOpenException) {
            return new ResendOutcome.Unavailable(ResendOutcome.Cause.CIRCUIT_OPEN);
        }
        if (failure instanceof TimeoutException) {
            return new ResendOutcome.Unavailable(ResendOutcome.Cause.TIMEOUT);
        }
        if (failure instanceof CertyneoTransientException) {
            return new ResendOutcome.Unavailable(causedByTokenEndpoint(failure)
                    ? ResendOutcome.Cause.TOKEN_UNAVAILABLE
                    : ResendOutcome.Cause.RETRIES_EXHAUSTED);
        }
        // only the class: exception texts may quote the token endpoint's answer
        LOG.errorf("Unexpected failure calling Certyneo: %s", failure.getClass().getName());
        return new ResendOutcome.Unavailable(ResendOutcome.Cause.UNEXPECTED);
    }

    private static boolean causedByTokenEndpoint(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof OidcClientException) {
                return true;
            }
        }
        return false;
    }
}
