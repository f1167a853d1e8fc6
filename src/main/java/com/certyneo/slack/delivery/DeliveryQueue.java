package com.certyneo.slack.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The durable delivery queue, statements in {@link QueueSql}: plain SQL, because claiming and pacing are about
 * precise locking. Every state change of a delivery happens with its audit row. The statement that ends a delivery
 * also erases the event's personal data (SPEC section 8): a trigger of the database does it, whatever path or person
 * sets {@code ended_at} (V16).
 */
@ApplicationScoped
public class DeliveryQueue {

    private static final Logger LOG = Logger.getLogger(DeliveryQueue.class);
    /** The queue depth gauge counts this many queued rows at most, so that its cost does not grow with a backlog. */
    public static final int DEPTH_COUNTED_UP_TO = 10_000;

    private final Pool pool;
    private final ChannelPacer pacer;
    private final InstallationHealth health;
    private final HeldDeliveries held;
    private final SentRecords sent;

    public DeliveryQueue(Pool pool, ChannelPacer pacer, InstallationHealth health, HeldDeliveries held,
            DeliveryMetrics metrics) {
        this.pool = pool;
        this.pacer = pacer;
        this.health = health;
        this.held = held;
        this.sent = new SentRecords(pool, pacer, health, metrics);
    }

    /**
     * What one claim got, and the heads it saw but did not take (not leased by a live replica): each one's channel and
     * in how long it becomes claimable (zero when due now but not taken: beyond the limit, or locked by another
     * replica's claim).
     */
    record Claim(List<ClaimedDelivery> deliveries, Map<ChannelKey, Duration> notTaken) {
    }

    /**
     * Claims up to {@code limit} channel heads for {@code owner}, for {@code lease}, among channels whose next slot
     * is at most {@code claimAhead} away: the walk over every channel with a queued delivery.
     */
    Uni<Claim> claim(String owner, int limit, Duration lease, Duration claimAhead) {
        return claim(ClaimSql.CLAIM, Tuple.of(owner, lease.toMillis() / 1000.0, limit, claimAhead.toMillis() / 1000.0));
    }

    /** As {@link #claim(String, int, Duration, Duration)}, among the heads of {@code channels} only. */
    Uni<Claim> claim(String owner, List<ChannelKey> channels, Duration lease, Duration claimAhead) {
        String[] teams = channels.stream().map(ChannelKey::teamId).toArray(String[]::new);
        String[] ids = channels.stream().map(ChannelKey::channelId).toArray(String[]::new);
        return claim(ClaimSql.CLAIM_CHANNELS, Tuple.from(List.of(owner, lease.toMillis() / 1000.0, channels.size(),
                claimAhead.toMillis() / 1000.0, teams, ids)));
    }

    private Uni<Claim> claim(String statement, Tuple arguments) {
        return pool.withTransaction(conn -> conn.preparedQuery(statement).execute(arguments)).map(rows -> {
            List<ClaimedDelivery> claimed = new ArrayList<>();
            Map<ChannelKey, Duration> notTaken = new HashMap<>();
            for (Row row : rows) {
                if (row.getValue("id") != null) {
                    claimed.add(ClaimedDelivery.of(row));
                } else {
                    double dueMs = Math.max(0, row.getDouble("due_ms"));
                    notTaken.put(new ChannelKey(row.getString("head_team_id"), row.getString("head_channel_id")),
                            Duration.ofMillis((long) Math.ceil(dueMs)));
                }
            }
            // oldest first, so that a full batch favours the channels waiting longest
            claimed.sort((a, b) -> Long.compare(a.id(), b.id()));
            return new Claim(claimed, notTaken);
        });
    }

    /**
     * Outage probe: per workspace whose heads all wait on a transient-failure backoff longer than {@code interval},
     * makes the nearest one due now. Returns how many heads were made due.
     */
    public Uni<Integer> probeRetries(Duration interval) {
        return pool.preparedQuery(QueueSql.PROBE).execute(Tuple.of(interval.toMillis() / 1000.0))
                .map(rows -> rows.rowCount());
    }

    /** A retry in workspace {@code teamId} succeeded: its other heads waiting on a backoff are due now. */
    public Uni<Integer> releaseRetries(String teamId) {
        return pool.preparedQuery(QueueSql.RELEASE_RETRIES).execute(Tuple.of(teamId)).map(rows -> rows.rowCount());
    }

    /**
     * Renews the lease right before the message leaves; false when the claim was lost (lease expired and taken
     * over, or the delivery was cancelled meanwhile): then nothing may be sent.
     */
    public Uni<Boolean> confirmClaim(ClaimedDelivery d, String owner, Duration lease) {
        return pool.preparedQuery(QueueSql.CONFIRM)
                .execute(Tuple.of(d.id(), owner, lease.toMillis() / 1000.0, d.teamId(), d.channelId()))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Slack took the message: outcome and audit row (the payload erased with it), the channel's hold (one interval
     * after Slack's answer) and, if it needed attention, the installation's health, in one transaction shared with the
     * other messages answered meanwhile ({@link SentRecords}). Returns the event→Slack latency in seconds (null when
     * nothing was updated).
     */
    public Uni<Double> markSent(ClaimedDelivery d, String slackTs, Attempt a) {
        return sent.record(d, slackTs, a);
    }

    /**
     * Thread layout: records the reply {@code replyTs} in thread {@code rootTs} while the delivery stays claimed;
     * true when a newer event of envelope {@code envelopeId} is queued for the same channel.
     */
    Uni<Boolean> markReplied(ClaimedDelivery d, String replyTs, String rootTs, String envelopeId) {
        return pool.preparedQuery(QueueSql.REPLIED).execute(Tuple.from(List.of(d.id(), replyTs, rootTs, envelopeId,
                d.accountId(), d.teamId(), d.channelId()))).map(rows -> rows.iterator().next().getBoolean("newer"));
    }

    /** A 429: the channel is paused and the delivery waits, without spending an attempt. */
    public Uni<Void> markRateLimited(ClaimedDelivery d, String owner, Duration retryAfter, String error,
            Attempt attempt) {
        return pool.withTransaction(conn -> pacer.pause(conn, d.teamId(), d.channelId(), retryAfter)
                .chain(() -> requeue(conn, d, owner, 0, retryAfter, error))
                .chain(() -> insertAttempt(conn, d, attempt)));
    }

    /**
     * A transient failure: the delivery stays queued and is retried after {@code delay}; {@code spent} attempts
     * are counted (0 when nothing reached Slack).
     */
    public Uni<Void> markRetry(ClaimedDelivery d, String owner, Duration delay, String error, Attempt attempt,
            int spent) {
        return pool.withTransaction(conn -> requeue(conn, d, owner, spent, delay, error)
                .chain(() -> attempt == null
                        ? Uni.createFrom().voidItem()
                        : insertAttempt(conn, d, attempt)
                                .chain(() -> pacer.holdAfterAnswer(conn, d.teamId(), d.channelId(), attempt))));
    }

    /** Gives the claim back untouched; the delivery becomes claimable again after {@code delay}. */
    public Uni<Void> markRequeued(ClaimedDelivery d, String owner, Duration delay) {
        return requeue(pool, d, owner, 0, delay, null);
    }

    /**
     * The delivery ends failed; with {@code attentionReason} the installation is flagged needs_attention.
     * {@code attempt} may be null when nothing was sent.
     */
    public Uni<Void> markFailed(ClaimedDelivery d, String owner, String error, Attempt attempt,
            String attentionReason) {
        return pool.withTransaction(conn -> end(conn, d, owner, "failed", attempt, error, attempt == null ? 0 : 1)
                .chain(() -> attentionReason == null
                        ? Uni.createFrom().voidItem()
                        : health.needsAttention(conn, d.installationId(), attentionReason)));
    }

    /** Slack refused the post with a code a human must fix: the delivery and its channel are held (one attempt). */
    public Uni<Void> markHeld(ClaimedDelivery d, String owner, String code, Attempt attempt) {
        return pool.withTransaction(conn -> held.holdClaimed(conn, d, owner, code)
                .chain(() -> insertAttempt(conn, d, attempt))
                .chain(() -> pacer.holdAfterAnswer(conn, d.teamId(), d.channelId(), attempt)));
    }

    /** The delivery ends cancelled without being sent (installation revoked or disconnected). */
    public Uni<Void> markCancelled(ClaimedDelivery d, String owner, String reason) {
        return pool.withTransaction(conn -> end(conn, d, owner, "cancelled", null, reason, 0));
    }

    /**
     * A 429 past the retry horizon: the channel is paused as Slack asked, and the delivery ends failed with its
     * audit row but without spending an attempt (429s never do).
     */
    public Uni<Void> markRateLimitedFailed(ClaimedDelivery d, String owner, Duration retryAfter, String error,
            Attempt attempt) {
        return pool.withTransaction(conn -> pacer.pause(conn, d.teamId(), d.channelId(), retryAfter)
                .chain(() -> end(conn, d, owner, "failed", attempt, error, 0)));
    }

    /** Gives back every claim of {@code owner} except those still talking to Slack (graceful shutdown). */
    public Uni<Integer> releaseOwned(String owner, List<Long> keep) {
        return pool.preparedQuery(QueueSql.RELEASE).execute(Tuple.of(owner, keep.toArray(new Long[0])))
                .map(rows -> rows.rowCount());
    }

    /** Queue depth (counted up to {@link #DEPTH_COUNTED_UP_TO}) and age in seconds of the oldest queued delivery. */
    public Uni<double[]> stats() {
        return pool.preparedQuery(QueueSql.STATS).execute(Tuple.of(DEPTH_COUNTED_UP_TO)).map(rows -> {
            Row row = rows.iterator().next();
            return new double[]{row.getLong("depth"), row.getDouble("oldest_s")};
        });
    }

    /** Cancels the installation's queued and held deliveries in the caller's transaction (their data erased). */
    public Uni<Void> cancelQueued(SqlClient conn, UUID installationId, String reason) {
        return held.forget(conn, installationId).chain(() -> conn.preparedQuery(QueueSql.CANCEL_QUEUED)
                .execute(Tuple.of(installationId, reason))).invoke(rows -> {
                    if (rows.rowCount() > 0) {
                        LOG.infof("Installation %s: %d queued deliveries cancelled (%s)", installationId,
                                rows.rowCount(), reason);
                    }
                }).replaceWithVoid();
    }

    /** Back to queued, claimable after {@code delay}, {@code spent} attempts counted. */
    private static Uni<Void> requeue(SqlClient conn, ClaimedDelivery d, String owner, int spent, Duration delay,
            String error) {
        return conn.preparedQuery(QueueSql.REQUEUE).execute(Tuple.from(Arrays.asList(d.id(), owner, spent,
                delay.toMillis() / 1000.0, error, d.teamId(), d.channelId()))).replaceWithVoid();
    }

    private Uni<Void> end(SqlConnection conn, ClaimedDelivery d, String owner, String status, Attempt attempt,
            String error, int spent) {
        return conn.preparedQuery(QueueSql.END)
                .execute(Tuple.from(Arrays.asList(d.id(), owner, status, spent, error, d.teamId(), d.channelId())))
                .chain(() -> attempt == null ? Uni.createFrom().voidItem() : insertAttempt(conn, d, attempt));
    }

    private Uni<Void> insertAttempt(SqlClient conn, ClaimedDelivery d, Attempt a) {
        return conn.preparedQuery(QueueSql.ATTEMPT)
                .execute(Tuple.from(Arrays.asList(d.id(), a.at(), a.outcome(), a.slackError(),
                        a.httpStatus(), a.durationMs())))
                .replaceWithVoid();
    }

    /** The pool, for the statements of thread roots ({@link ThreadRoots}) and digests ({@link DigestQueue}). */
    Pool pool() {
        return pool;
    }

    InstallationHealth health() {
        return health;
    }
}
