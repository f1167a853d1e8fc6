package com.certyneo.slack.delivery;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Retention (SPEC section 8): ended deliveries, their attempts and events, and Re-send click audit rows are deleted
 * after {@code delivery.retention}; any ended delivery whose event still holds personal data (e.g. cancelled by
 * another path) has it erased. Expired OAuth states are purged by the installation feature's Housekeeping (it owns
 * their retention).
 * <p>
 * Each run deletes in bounded batches until nothing older than the cutoff is left, so it keeps up with any rate
 * the service delivers (one run clears an hour at 500 deliveries/s); every batch is its own short statement and
 * selects its rows through an index ({@code delivery_ended_idx}, {@code interaction_audit_received_idx}). Rows
 * another replica's purge holds are skipped, not waited for.
 */
@ApplicationScoped
public class RetentionPurge {

    private static final Logger LOG = Logger.getLogger(RetentionPurge.class);
    static final int BATCH = 5000;

    // deleting the event cascades to its delivery and the delivery's attempts; every ended delivery has ended_at
    static final String SELECT_ENDED = """
            select event_id from delivery where ended_at < $1 limit $2 for update skip locked""";
    static final String PURGE_ENDED = "delete from webhook_event where event_id in (" + SELECT_ENDED + ")";

    static final String SELECT_CLICKS = """
            select id from interaction_audit where received_at < $1 limit $2 for update skip locked""";
    static final String PURGE_CLICKS = "delete from interaction_audit where id in (" + SELECT_CLICKS + ")";

    // only events still holding a payload are looked at (partial index webhook_event_payload_idx): few, the queue
    static final String ERASE_LEFTOVERS = """
            update webhook_event e set payload = null
              from delivery d
             where d.event_id = e.event_id and d.ended_at is not null and e.payload is not null""";

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

    /** Runs the purge once, until nothing older than the retention is left; returns how many rows went. */
    public Uni<Long> purge() {
        OffsetDateTime cutoff = OffsetDateTime.now(ZoneOffset.UTC).minus(config.retention());
        return drain(PURGE_ENDED, cutoff, 0)
                .flatMap(ended -> drain(PURGE_CLICKS, cutoff, ended))
                .flatMap(deleted -> pool.query(ERASE_LEFTOVERS).execute().map(erased -> deleted + erased.rowCount()));
    }

    private Uni<Long> drain(String statement, OffsetDateTime cutoff, long soFar) {
        return pool.preparedQuery(statement).execute(Tuple.of(cutoff, BATCH)).flatMap(rows -> rows.rowCount() < BATCH
                ? Uni.createFrom().item(soFar + rows.rowCount())
                : drain(statement, cutoff, soFar + rows.rowCount()));
    }
}
