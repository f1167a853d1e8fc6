package com.certyneo.slack.delivery;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Held, not lost (SPEC section 7): a channel Slack refuses for a reason only a human can fix is held (statements in
 * {@link HoldSql}); its deliveries wait, unsent and with their data, until it is released (the bot joined, the channel
 * was unarchived), moved (the admin picked another channel or route) or they pass {@code delivery.hold-horizon} and
 * end failed. A release or a move queues them in their original order and wakes the dispatchers at once; pacing and
 * FIFO then work as for any queue.
 */
@ApplicationScoped
public class HeldDeliveries {

    private static final Logger LOG = Logger.getLogger(HeldDeliveries.class);
    /** Slack codes that hold a channel instead of failing the delivery. */
    public static final Set<String> CODES = Set.of("channel_not_found", "not_in_channel", "is_archived");

    private final Pool pool;
    private final ChannelAttention attention;
    private final QueueSignal signal;
    private final DeliveryMetrics metrics;
    private final DeliveryConfig config;

    HeldDeliveries(Pool pool, ChannelAttention attention, QueueSignal signal, DeliveryMetrics metrics,
            DeliveryConfig config) {
        this.pool = pool;
        this.attention = attention;
        this.signal = signal;
        this.metrics = metrics;
        this.config = config;
    }

    /**
     * Holds the channel in the caller's transaction, without a delivery having been tried (the channel was archived
     * or deleted): what is queued there, and what arrives, waits. Returns how many deliveries were held.
     */
    public Uni<Long> hold(SqlClient conn, UUID installationId, String teamId, String channelId, String code) {
        return hold(conn, installationId, teamId, channelId, code, null, null, 0);
    }

    /** The post of claimed delivery {@code d} was refused with {@code code}: its channel is held, health flagged. */
    Uni<Long> holdClaimed(SqlClient conn, ClaimedDelivery d, String owner, String code) {
        return hold(conn, d.installationId(), d.teamId(), d.channelId(), code, d.id(), owner, 1)
                .call(n -> attention.held(conn, d.installationId(), d.channelId(), d.channelName(), code));
    }

    private Uni<Long> hold(SqlClient conn, UUID installationId, String teamId, String channelId, String code,
            Long deliveryId, String owner, int spent) {
        return lock(conn, installationId, channelId).chain(() -> conn.preparedQuery(HoldSql.HOLD)
                .execute(Tuple.from(Arrays.asList(installationId, channelId, teamId, code, deliveryId,
                        owner, spent))))
                .map(rows -> rows.iterator().next().getLong("held"));
    }

    /**
     * Releases the channel in the caller's transaction; returns the highest delivery id released (null: none), to be
     * passed to {@link #wake} once committed.
     */
    public Uni<Long> release(SqlClient conn, UUID installationId, String channelId) {
        return lock(conn, installationId, channelId)
                .chain(() -> conn.preparedQuery(HoldSql.RELEASE).execute(Tuple.of(installationId, channelId)))
                .map(rows -> highest(rows, "released", installationId));
    }

    /** Releases the channel in a transaction of its own, then wakes the dispatchers; returns the highest id or null. */
    public Uni<Long> release(UUID installationId, String channelId) {
        return pool.withTransaction(conn -> release(conn, installationId, channelId)).invoke(this::wake);
    }

    /**
     * The admin picked another channel: held deliveries of {@code fromChannel} go to {@code toChannel} in their order
     * and are queued there, then the dispatchers are woken. Returns how many moved.
     */
    public Uni<Integer> moveHeld(UUID installationId, String fromChannel, String toChannel) {
        return moveHeld(installationId, fromChannel, toChannel, null);
    }

    /** As {@link #moveHeld(UUID, String, String)}, only for {@code eventTypes} (wire names; null: all). */
    public Uni<Integer> moveHeld(UUID installationId, String fromChannel, String toChannel, Set<String> eventTypes) {
        String[] types = eventTypes == null ? null : eventTypes.toArray(String[]::new);
        return pool.withTransaction(conn -> lock(conn, installationId, fromChannel)
                .chain(() -> lock(conn, installationId, toChannel))
                .chain(() -> conn.preparedQuery(HoldSql.MOVE)
                        .execute(Tuple.of(installationId, fromChannel, toChannel, types))))
                .map(rows -> {
                    wake(highest(rows, "moved to another channel", installationId));
                    return rows.rowCount();
                });
    }

    /** Deliveries up to {@code highestId} were queued again and committed: claim them now, on every replica. */
    public void wake(Long highestId) {
        if (highestId != null) {
            signal.queued(highestId);
        }
    }

    /** The installation ended (its queue is being cancelled, held deliveries included): its holds go. */
    Uni<Void> forget(SqlClient conn, UUID installationId) {
        return conn.preparedQuery(HoldSql.FORGET).execute(Tuple.of(installationId)).replaceWithVoid();
    }

    @Scheduled(every = "${delivery.hold-check-interval:30s}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return expire(config.holdHorizon()).chain(() -> pool.query(HoldSql.COUNT).execute())
                .invoke(rows -> {
                    Map<String, Long> counts = new HashMap<>();
                    rows.forEach(row -> counts.put(row.getString("reason"), row.getLong("n")));
                    metrics.held(counts);
                }).replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("Held deliveries check failed (%s)", e.getClass().getSimpleName()))
                .onFailure().recoverWithNull();
    }

    /** Held longer than {@code horizon}: failed, data erased. Returns how many ended. */
    public Uni<Integer> expire(Duration horizon) {
        String gaveUp = " (held, gave up after " + horizon + ": nobody invited the bot, unarchived the channel or "
                + "picked another one)";
        return pool.withTransaction(conn -> conn.preparedQuery(HoldSql.EXPIRE)
                .execute(Tuple.of(horizon.toMillis() / 1000.0, gaveUp))
                .map(rows -> rows.iterator().next().getInteger("n")))
                .invoke(n -> {
                    if (n > 0) {
                        LOG.infof("%d held deliveries failed after %s held", n, horizon);
                        for (int i = 0; i < n; i++) {
                            metrics.outcome("failed");
                        }
                    }
                });
    }

    private static Uni<Void> lock(SqlClient conn, UUID installationId, String channelId) {
        return conn.preparedQuery(HoldSql.LOCK).execute(Tuple.of(installationId.toString(), channelId))
                .replaceWithVoid();
    }

    private static Long highest(RowSet<Row> rows, String what, UUID installationId) {
        Long max = null;
        for (Row row : rows) {
            max = max == null ? row.getLong("id") : Math.max(max, row.getLong("id"));
        }
        if (max != null) {
            LOG.infof("Installation %s: %d held deliveries %s", installationId, rows.rowCount(), what);
        }
        return max;
    }
}
