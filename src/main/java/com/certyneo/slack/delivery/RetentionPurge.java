package com.certyneo.slack.delivery;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Retention (SPEC section 8): ended deliveries, their attempts and events are deleted after
 * {@code delivery.retention}; any ended delivery whose event still holds personal data (e.g. cancelled by another
 * path) has it erased. Expired OAuth states are purged by the installation feature's Housekeeping (it owns their
 * retention).
 */
@ApplicationScoped
public class RetentionPurge {

    private static final Logger LOG = Logger.getLogger(RetentionPurge.class);
    static final int BATCH = 5000;

    // deleting the event cascades to its delivery and the delivery's attempts
    private static final String PURGE_ENDED = """
            delete from webhook_event where event_id in (
                select event_id from delivery
                 where status <> 'queued'
                   and coalesce(ended_at, sent_at, received_at) < clock_timestamp() - make_interval(secs => $1)
                 limit $2)""";

    private static final String ERASE_LEFTOVERS = """
            update webhook_event e set payload = null
              from delivery d
             where d.event_id = e.event_id and d.status <> 'queued' and e.payload is not null""";

    private final Pool pool;
    private final DeliveryConfig config;

    public RetentionPurge(Pool pool, DeliveryConfig config) {
        this.pool = pool;
        this.config = config;
    }

    @Scheduled(every = "${delivery.purge-interval:1h}", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return purge().invoke(n -> {
            if (n > 0) {
                LOG.infof("Retention purge removed %d rows", n);
            }
        }).onFailure().invoke(e -> LOG.warnf("Retention purge failed (%s)", e.getClass().getSimpleName()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Runs the purge once; returns how many rows were deleted or erased. */
    public Uni<Integer> purge() {
        double retentionSeconds = config.retention().toSeconds();
        return pool.preparedQuery(PURGE_ENDED).execute(Tuple.of(retentionSeconds, BATCH))
                .chain(ended -> pool.query(ERASE_LEFTOVERS).execute()
                        .map(erased -> ended.rowCount() + erased.rowCount()));
    }
}
