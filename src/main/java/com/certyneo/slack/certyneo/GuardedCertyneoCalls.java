package com.certyneo.slack.certyneo;

import static java.time.temporal.ChronoUnit.MILLIS;
import static java.time.temporal.ChronoUnit.SECONDS;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.faulttolerance.api.AsynchronousNonBlocking;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;

/**
 * The Certyneo calls under SmallRye Fault Tolerance, non-blocking (timers, no worker thread held).
 * Order of the strategies: retry around circuit breaker around timeout, so every attempt counts for
 * the circuit and an open circuit is not retried. Rejections (4xx) are neither retried nor held
 * against Certyneo's health. Values can be tuned without a rebuild through the standard keys, e.g.
 * {@code quarkus.fault-tolerance."com.certyneo.slack.certyneo.GuardedCertyneoCalls/resend".retry.max-retries}.
 */
@ApplicationScoped
class GuardedCertyneoCalls {

    static final String CIRCUIT = "certyneo-api";

    private final CertyneoApi api;

    GuardedCertyneoCalls(@RestClient CertyneoApi api) {
        this.api = api;
    }

    @AsynchronousNonBlocking
    @Retry(maxRetries = 3, delay = 200, delayUnit = MILLIS, jitter = 100, maxDuration = 20, durationUnit = SECONDS, retryOn = {
            CertyneoTransientException.class, TimeoutException.class})
    @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 30, delayUnit = SECONDS, successThreshold = 1, skipOn = CertyneoRejectedException.class)
    @CircuitBreakerName(CIRCUIT)
    @Timeout(value = 3, unit = SECONDS)
    Uni<Void> resend(String accountId, String envelopeId, String idempotencyKey) {
        return api.resend(envelopeId, accountId, idempotencyKey)
                // connection refused/reset, read timeout, token endpoint failure: all worth another try
                .onFailure(e -> !(e instanceof CertyneoRejectedException || e instanceof CertyneoTransientException))
                .transform(e -> new CertyneoTransientException("Certyneo unreachable: " + e.getClass().getSimpleName(),
                        e));
    }
}
