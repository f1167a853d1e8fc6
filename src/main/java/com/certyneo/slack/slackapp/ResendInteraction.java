package com.certyneo.slack.slackapp;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.certyneo.slack.certyneoapi.CertyneoClient;
import com.certyneo.slack.certyneoapi.ResendOutcome;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;

/**
 * The Re-send button, after Slack has been answered: audit the click, check the workspace may act
 * on the envelope, call Certyneo, tell Slack, audit the outcome. Non-blocking from end to end.
 * <p>
 * The work outlives the HTTP request, so it runs on a context of its own and a shutdown waits for it
 * (SPEC section 10: graceful shutdown finishes in-flight work): on the request's context, its outbound
 * connections belonged to the HTTP server and were closed with it, cutting a re-send whose outcome was
 * then neither audited nor told to the user.
 */
@ApplicationScoped
class ResendInteraction {

    private static final Logger LOG = Logger.getLogger(ResendInteraction.class);
    static final String REFUSED_INVALID = "refused_invalid";
    static final String ALREADY_RESENT = "already_resent";
    /** The same click again (a replayed signed request): already audited and acted on once, nothing more. */
    static final String REPLAYED = "replayed";

    private final InteractionStore store;
    private final CertyneoClient certyneo;
    private final SlackResponder responder;
    private final MeterRegistry registry;
    private final ResendConfig config;
    private final Vertx vertx;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile Context context;

    ResendInteraction(InteractionStore store, CertyneoClient certyneo, SlackResponder responder,
            MeterRegistry registry, ResendConfig config, Vertx vertx) {
        this.store = store;
        this.config = config;
        this.certyneo = certyneo;
        this.responder = responder;
        this.registry = registry;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        // created on the main thread: an event-loop context tied to no HTTP request
        context = vertx.getDelegate().getOrCreateContext();
    }

    /** Lets the clicks being handled finish (Certyneo call, reply, audit), for at most resend.shutdown-grace. */
    void onStop(@Observes ShutdownEvent event) {
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (inFlight.get() > 0) {
            LOG.warnf("%d Re-send clicks still in progress at shutdown; their outcome may not be recorded",
                    inFlight.get());
        }
    }

    /** Starts the work and returns at once: the caller's HTTP answer never waits for it. */
    void start(Interaction click) {
        inFlight.incrementAndGet();
        Context own = context;
        if (own == null) {
            run(click, click.idempotencyKey());
        } else {
            own.runOnContext(ignored -> run(click, click.idempotencyKey()));
        }
    }

    /** Clicks being handled right now. */
    int inFlight() {
        return inFlight.get();
    }

    private void run(Interaction click, String idempotencyKey) {
        handle(click, idempotencyKey).onTermination().invoke(inFlight::decrementAndGet).subscribe().with(
                outcome -> count(outcome),
                failure -> {
                    // e.g. the database is unreachable: the click cannot be audited or checked, nothing was re-sent
                    LOG.errorf("Re-send click could not be handled: %s", failure.getClass().getName());
                    count("error");
                });
    }

    Uni<String> handle(Interaction click, String idempotencyKey) {
        String invalid = invalidDetail(click);
        if (invalid != null) {
            // nothing trustworthy to act on or to answer to: audited, and no outbound call at all
            return store.recordClick(click, REFUSED_INVALID, invalid)
                    .map(auditId -> auditId == null ? REPLAYED : REFUSED_INVALID);
        }
        return store.recordClick(click, "received", null).flatMap(auditId -> auditId == null
                ? Uni.createFrom().item(REPLAYED)
                : store.candidates(click.teamId(), click.value())
                        .map(candidates -> Ownership.decide(candidates, click.channelId()))
                        .flatMap(decision -> decision.allowed()
                                ? resend(auditId, click, decision.installation(), idempotencyKey)
                                : refuse(auditId, click, decision)));
    }

    private Uni<String> refuse(long auditId, Interaction click, Ownership.Decision decision) {
        String refusal = decision.refusal();
        return store.recordOutcome(auditId, null, refusal, null, null)
                .call(() -> responder.reply(click.responseUrl(), Replies.refused(click, refusal, decision.language())))
                .replaceWith(refusal);
    }

    private Uni<String> resend(long auditId, Interaction click, Ownership.Candidate installation,
            String idempotencyKey) {
        if (config.duplicateClickWindow().isZero()) {
            return callCertyneo(auditId, click, installation, idempotencyKey);
        }
        return store.earlierClick(auditId, click, config.duplicateClickWindow()).flatMap(earlierUser -> {
            if (earlierUser == null) {
                return callCertyneo(auditId, click, installation, idempotencyKey);
            }
            return store.recordOutcome(auditId, installation, ALREADY_RESENT, null, null)
                    .call(() -> responder.reply(click.responseUrl(), Replies.alreadyResent(click, earlierUser,
                            installation.language())))
                    .replaceWith(ALREADY_RESENT);
        });
    }

    private Uni<String> callCertyneo(long auditId, Interaction click, Ownership.Candidate installation,
            String idempotencyKey) {
        return certyneo.resend(installation.accountId(), click.value(), idempotencyKey)
                .call(outcome -> store.recordOutcome(auditId, installation, outcome.label(), detail(outcome),
                        outcome instanceof ResendOutcome.Rejected r ? r.httpStatus() : null))
                .call(outcome -> responder.reply(click.responseUrl(), Replies.outcome(click, outcome,
                        installation.language())))
                .map(ResendOutcome::label);
    }

    private static String detail(ResendOutcome outcome) {
        if (outcome instanceof ResendOutcome.Rejected rejected) {
            return rejected.reason();
        }
        if (outcome instanceof ResendOutcome.Unavailable unavailable) {
            return unavailable.cause().label();
        }
        return null;
    }

    /** Why the click cannot be acted on, or null when it can. */
    private String invalidDetail(Interaction click) {
        if (click.invalidField() != null) {
            return "invalid " + click.invalidField();
        }
        if (!CertyneoClient.isValidId(click.value())) {
            return "invalid envelope id";
        }
        if (!responder.isAllowed(click.responseUrl())) {
            return "response_url not under an allowed prefix";
        }
        return null;
    }

    private void count(String outcome) {
        registry.counter("slack_interactions_total", "action", Interaction.RESEND_ACTION, "outcome", outcome)
                .increment();
    }
}
