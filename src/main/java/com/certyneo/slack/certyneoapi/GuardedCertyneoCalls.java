package com.certyneo.slack.certyneoapi;

import static java.time.temporal.ChronoUnit.MILLIS;
import static java.time.temporal.ChronoUnit.SECONDS;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;

import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;

/**
 * The Certyneo calls under SmallRye Fault Tolerance, non-blocking (timers, no worker thread held), with one guard
 * per Certyneo account: an account whose envelopes make Certyneo fail opens its own circuit only, and another
 * account's clicks still go through. When Certyneo is down for everyone, each account's circuit opens after its
 * own few attempts, which costs little: clicks are made by people.
 * <p>
 * Order of the strategies: retry around circuit breaker around timeout, so every attempt counts for the circuit
 * and an open circuit is not retried. Rejections (4xx) are neither retried nor held against Certyneo's health.
 * Accounts come from stored installations (never from the click itself), so the guards are bounded by them.
 */
@ApplicationScoped
class GuardedCertyneoCalls {

    /**
     * One description for every account's guard: the ft_* metrics aggregate them under it, so account ids never
     * become metric labels. The circuits are unnamed for the same reason (names are global and unbounded).
     */
    static final String DESCRIPTION = "certyneo-api/resend";

    private final CertyneoApi api;
    private final Map<String, TypedGuard<Uni<Void>>> guards = new ConcurrentHashMap<>();

    GuardedCertyneoCalls(@RestClient CertyneoApi api) {
        this.api = api;
    }

    Uni<Void> resend(String accountId, String envelopeId, String idempotencyKey) {
        return guards.computeIfAbsent(accountId, ignored -> newGuard()).get(() -> api
                .resend(envelopeId, accountId, idempotencyKey)
                // connection refused/reset, read timeout, token endpoint failure: all worth another try
                .onFailure(e -> !(e instanceof CertyneoRejectedException || e instanceof CertyneoTransientException))
                .transform(e -> new CertyneoTransientException("Certyneo unreachable: " + e.getClass().getSimpleName(),
                        e)));
    }

    private static TypedGuard<Uni<Void>> newGuard() {
        return TypedGuard.create(new TypeLiteral<Uni<Void>>() {
        }).withDescription(DESCRIPTION)
                .withRetry().maxRetries(3).delay(200, MILLIS).jitter(100, MILLIS).maxDuration(20, SECONDS)
                .retryOn(List.of(CertyneoTransientException.class, TimeoutException.class)).done()
                .withCircuitBreaker().requestVolumeThreshold(6).failureRatio(0.5).delay(30, SECONDS)
                .successThreshold(1).skipOn(CertyneoRejectedException.class).done()
                .withTimeout().duration(3, SECONDS).done()
                .withThreadOffload(false)
                .build();
    }
}
