package com.certyneo.slack.delivery;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Retention (SPEC section 8): ended deliveries, their attempts and events, and the rows of every {@link Retained}
 * table (Re-send clicks) are deleted after {@code delivery.retention} (personal data went earlier: a delivery's end
 * erases it, V16). Each run deletes in bounded batches, each its own short statement selecting through an index,
 * until nothing older than the cutoff is left: it keeps up with any rate (one run clears an hour at 500/s).
 */
@ApplicationScoped
public class RetentionPurge {

    private static final Logger LOG = Logger.getLogger(RetentionPurge.class);
    static final int BATCH = 5000;

    /** Another feature's table kept as long as the deliveries: deletes its rows older than the cutoff, counted. */
    public interface Retained {
        Uni<Long> purgeBefore(OffsetDateTime cutoff);
    }

    private final Pool pool;
    private final DeliveryConfig config;
    private final Instance<Retained> others;

    public RetentionPurge(Pool pool, DeliveryConfig config, Instance<Retained> others) {
        this.pool = pool;
        this.config = config;
        this.others = others;
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
        Uni<Long> total = inBatches(pool, QueueSql.PURGE_ENDED, cutoff, 0);
        for (Retained other : others) {
            total = total.flatMap(soFar -> other.purgeBefore(cutoff).map(n -> soFar + n));
        }
        return total;
    }

    /** Runs {@code statement} ($1 cutoff, $2 batch size) until it deletes less than a batch. */
    public static Uni<Long> inBatches(Pool pool, String statement, OffsetDateTime cutoff, long soFar) {
        return pool.preparedQuery(statement).execute(Tuple.of(cutoff, BATCH)).flatMap(rows -> rows.rowCount() < BATCH
                ? Uni.createFrom().item(soFar + rows.rowCount())
                : inBatches(pool, statement, cutoff, soFar + rows.rowCount()));
    }
}
