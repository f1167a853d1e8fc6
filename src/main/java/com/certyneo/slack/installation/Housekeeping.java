package com.certyneo.slack.installation;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.certyneo.slack.slackapp.OAuthStates;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Purges expired OAuth states (SPEC section 8) and old Slack event receipts. Safe on every replica. */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class);

    private final OAuthStates states;
    private final Pool pool;
    private final InstallationConfig config;

    public Housekeeping(OAuthStates states, Pool pool, InstallationConfig config) {
        this.states = states;
        this.pool = pool;
        this.config = config;
    }

    @Scheduled(every = "${installation.purge-every:10m}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return states.purge(config.stateRetention())
                .flatMap(oauth -> pool.preparedQuery("delete from slack_event_receipt "
                        + "where received_at < now() - make_interval(secs => $1)")
                        .execute(Tuple.of((double) config.eventReceiptRetention().toSeconds()))
                        .invoke(rows -> {
                            if (oauth + rows.rowCount() > 0) {
                                LOG.debugf("Purged %d OAuth states and %d Slack event receipts", (Object) oauth,
                                        rows.rowCount());
                            }
                        }))
                .replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("Housekeeping failed: %s", e.getClass().getSimpleName()))
                .onFailure().recoverWithNull();
    }
}
