package com.certyneo.slack.delivery;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The thread roots of the thread layout (table thread_root, statements in {@link ThreadSql}): one per
 * (installation, channel, envelope). Kept as long as deliveries (SPEC section 8): purged when unused for the
 * retention period.
 */
@Singleton
public class ThreadRoots implements RetentionPurge.Retained {

    private final Pool pool;

    public ThreadRoots(Pool pool) {
        this.pool = pool;
    }

    /** Where a delivery stands: the envelope's root in its channel, and its own reply; either may be null. */
    record Standing(String rootTs, String replyTs) {
    }

    /** The envelope's root in the channel (marked used) and the reply delivery {@code id} already posted. */
    Uni<Standing> standing(long id, UUID installationId, String channelId, String envelopeId) {
        return pool.preparedQuery(ThreadSql.USE).execute(Tuple.of(installationId, channelId, envelopeId, id))
                .map(rows -> rows.size() == 0
                        ? new Standing(null, null)
                        : new Standing(rootTs(rows), rows.iterator().next().getString("reply_ts")));
    }

    /**
     * Records {@code rootTs}, just posted, as the root; answers the root in force, which is another one only when
     * it was recorded first.
     */
    Uni<String> create(UUID installationId, String channelId, String envelopeId, String rootTs) {
        return pool.preparedQuery(ThreadSql.CREATE).execute(Tuple.of(installationId, channelId, envelopeId, rootTs))
                .chain(rows -> rows.size() > 0
                        ? Uni.createFrom().item(rootTs)
                        : pool.preparedQuery(ThreadSql.CURRENT).execute(Tuple.of(installationId, channelId,
                                envelopeId)).map(current -> {
                                    String ts = rootTs(current);
                                    return ts == null ? rootTs : ts;
                                }));
    }

    /** Slack reports {@code rootTs} gone (deleted by a user): the next post makes a new root. */
    Uni<Void> forget(UUID installationId, String channelId, String envelopeId, String rootTs) {
        return pool.preparedQuery(ThreadSql.FORGET).execute(Tuple.of(installationId, channelId, envelopeId, rootTs))
                .replaceWithVoid();
    }

    @Override
    public Uni<Long> purgeBefore(OffsetDateTime cutoff) {
        return RetentionPurge.inBatches(pool, ThreadSql.PURGE, cutoff, 0);
    }

    private static String rootTs(RowSet<Row> rows) {
        return rows.size() == 0 ? null : rows.iterator().next().getString("root_ts");
    }
}
