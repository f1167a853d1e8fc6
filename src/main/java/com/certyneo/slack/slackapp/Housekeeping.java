package com.certyneo.slack.slackapp;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.certyneo.slack.installation.InstallationConfig;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/** Purges expired OAuth states (SPEC section 8) and old Slack event receipts. Safe on every replica. */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class);

    private final OAuthStates states;
    private final SlackEvents events;
    private final InstallationConfig config;

    public Housekeeping(OAuthStates states, SlackEvents events, InstallationConfig config) {
        this.states = states;
        this.events = events;
        this.config = config;
    }

    @Scheduled(every = "${installation.purge-every:10m}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return states.purge(config.stateRetention())
                .flatMap(oauth -> events.purgeReceipts(config.eventReceiptRetention()).invoke(receipts -> {
                    if (oauth + receipts > 0) {
                        LOG.debugf("Purged %d OAuth states and %d Slack event receipts", oauth, receipts);
                    }
                }))
                .replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("Housekeeping failed: %s", e.getClass().getSimpleName()))
                .onFailure().recoverWithNull();
    }
}
