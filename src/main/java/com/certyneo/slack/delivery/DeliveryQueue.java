package com.certyneo.slack.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The durable delivery queue: plain SQL on the reactive pool, because claiming and pacing are about precise
 * locking. Every state change of a delivery happens in one transaction with its audit row and, once the delivery
 * has ended, with the erasure of the event's personal data (SPEC section 8).
 */
@ApplicationScoped
public class DeliveryQueue {

    /*
     * Slack took the message: one statement, so one round trip and one commit, with the channel's hold (measured
     * from now, right after Slack's answer), the outcome, its audit row, the erasure of the event's personal data
     * and the installation's health. A concurrent cancel (disconnect) does not hide that Slack took the message.
     */
    private static final String SENT = "with hold as (" + ChannelPacer.HOLD + """
            ), sent as (
                update delivery
                   set status = 'sent', attempts = attempts + 1, slack_ts = $5, sent_at = clock_timestamp(),
                       ended_at = clock_timestamp(), last_error = null, lease_owner = null, lease_until = null
                 where id = $4 and status in ('queued', 'cancelled')
                returning received_at
            ), audited as (
                insert into delivery_attempt (delivery_id, attempted_at, outcome, slack_error, http_status,
                                              duration_ms)
                values ($4, $6, $7, $8, $9, $10)
            ), erased as (
                update webhook_event set payload = null where event_id = $11
            ), healthy as (
                update installation set health = 'ok', health_reason = null, updated_at = now()
                 where id = $12 and status = 'connected' and health = 'needs_attention'
            )
            select extract(epoch from (clock_timestamp() - received_at)) as latency_s from sent""";

    private static final String REQUEUE = """
            update delivery
               set attempts = attempts + $3, next_attempt_at = clock_timestamp() + make_interval(secs => $4),
                   last_error = coalesce($5, last_error), lease_owner = null, lease_until = null
             where id = $1 and lease_owner = $2 and status = 'queued'""";

    private static final String END = """
            update delivery
               set status = $3, attempts = attempts + $4, last_error = $5, ended_at = clock_timestamp(),
                   lease_owner = null, lease_until = null
             where id = $1 and (lease_owner = $2 or lease_owner is null) and status = 'queued'""";

    private static final String CONFIRM = """
            update delivery set lease_until = clock_timestamp() + make_interval(secs => $3)
             where id = $1 and lease_owner = $2 and status = 'queued'""";

    private static final String ATTEMPT = """
            insert into delivery_attempt (delivery_id, attempted_at, outcome, slack_error, http_status, duration_ms)
            values ($1, $2, $3, $4, $5, $6)""";

    private static final String ERASE_PAYLOAD = "update webhook_event set payload = null where event_id = $1";

    private static final String NEEDS_ATTENTION = """
            update installation set health = 'needs_attention', health_reason = $2, updated_at = now()
             where id = $1 and status = 'connected'""";

    private static final String RELEASE = """
            update delivery set lease_owner = null, lease_until = null
             where lease_owner = $1 and status = 'queued' and not (id = any($2))""";

    private static final String STATS = """
            select count(*) as depth,
                   coalesce(extract(epoch from (clock_timestamp() - min(received_at))), 0) as oldest_s
              from delivery where status = 'queued'""";

    private final Pool pool;
    private final ChannelPacer pacer;

    public DeliveryQueue(Pool pool, ChannelPacer pacer) {
        this.pool = pool;
        this.pacer = pacer;
    }

    /** What one claim got, and in how long the earliest head it could not take becomes claimable (null: none). */
    public record Claim(List<ClaimedDelivery> deliveries, Duration nextDue) {
    }

    /**
     * Claims up to {@code limit} channel heads for {@code owner}, for {@code lease}, among channels whose next slot
     * is at most {@code claimAhead} away.
     */
    public Uni<Claim> claim(String owner, int limit, Duration lease, Duration claimAhead) {
        return pool.withTransaction(conn -> conn.preparedQuery(QueueSql.CLAIM)
                .execute(Tuple.of(owner, lease.toMillis() / 1000.0, limit, claimAhead.toMillis() / 1000.0)))
                .map(rows -> {
                    List<ClaimedDelivery> claimed = new ArrayList<>();
                    Duration nextDue = null;
                    for (Row row : rows) {
                        Double dueMs = row.getDouble("due_ms");
                        nextDue = dueMs == null ? null : Duration.ofMillis((long) Math.ceil(Math.max(0, dueMs)));
                        if (row.getValue("id") != null) {
                            claimed.add(ClaimedDelivery.of(row));
                        }
                    }
                    // oldest first, so that a full batch favours the channels waiting longest
                    claimed.sort((a, b) -> Long.compare(a.id(), b.id()));
                    return new Claim(claimed, nextDue);
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
        return pool.preparedQuery(CONFIRM).execute(Tuple.of(d.id(), owner, lease.toMillis() / 1000.0))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Slack took the message. Returns the event→Slack latency in seconds (null when nothing was updated). */
    public Uni<Double> markSent(ClaimedDelivery d, String slackTs, Attempt a) {
        return pool.preparedQuery(SENT)
                .execute(Tuple.from(java.util.Arrays.asList(d.teamId(), d.channelId(), pacer.intervalSeconds(), d.id(),
                        slackTs, a.at(), a.outcome(), a.slackError(), a.httpStatus(), a.durationMs(), d.eventId(),
                        d.installationId())))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getDouble("latency_s"));
    }

    /** A 429: the channel is paused and the delivery waits, without spending an attempt. */
    public Uni<Void> markRateLimited(ClaimedDelivery d, String owner, Duration retryAfter, String error,
            Attempt attempt) {
        return tx(conn -> pacer.pause(conn, d.teamId(), d.channelId(), retryAfter)
                .chain(() -> conn.preparedQuery(REQUEUE)
                        .execute(Tuple.of(d.id(), owner, 0, retryAfter.toMillis() / 1000.0, error)))
                .chain(() -> insertAttempt(conn, d, attempt))).replaceWithVoid();
    }

    /**
     * A transient failure: the delivery stays queued and is retried after {@code delay}; {@code spent} attempts
     * are counted (0 when nothing reached Slack).
     */
    public Uni<Void> markRetry(ClaimedDelivery d, String owner, Duration delay, String error, Attempt attempt,
            int spent) {
        return tx(conn -> conn.preparedQuery(REQUEUE)
                .execute(Tuple.of(d.id(), owner, spent, delay.toMillis() / 1000.0, error))
                .chain(() -> attempt == null
                        ? Uni.createFrom().voidItem()
                        : insertAttempt(conn, d, attempt)
                                .chain(() -> pacer.holdAfterAnswer(conn, d.teamId(), d.channelId()))))
                .replaceWithVoid();
    }

    /** Gives the claim back untouched; the delivery becomes claimable again after {@code delay}. */
    public Uni<Void> markRequeued(ClaimedDelivery d, String owner, Duration delay) {
        return pool.preparedQuery(REQUEUE)
                .execute(Tuple.from(java.util.Arrays.asList(d.id(), owner, 0, delay.toMillis() / 1000.0, null)))
                .replaceWithVoid();
    }

    /**
     * The delivery ends failed; with {@code attentionReason} the installation is flagged needs_attention.
     * {@code attempt} may be null when nothing was sent.
     */
    public Uni<Void> markFailed(ClaimedDelivery d, String owner, String error, Attempt attempt,
            String attentionReason) {
        return tx(conn -> end(conn, d, owner, "failed", attempt, error, attempt == null ? 0 : 1)
                .chain(() -> attentionReason == null
                        ? Uni.createFrom().voidItem()
                        : conn.preparedQuery(NEEDS_ATTENTION).execute(Tuple.of(d.installationId(), attentionReason))
                                .replaceWithVoid()));
    }

    /** The delivery ends cancelled without being sent (installation revoked or disconnected). */
    public Uni<Void> markCancelled(ClaimedDelivery d, String owner, String reason) {
        return tx(conn -> end(conn, d, owner, "cancelled", null, reason, 0));
    }

    /**
     * A 429 past the retry horizon: the channel is paused as Slack asked, and the delivery ends failed with its
     * audit row but without spending an attempt (429s never do).
     */
    public Uni<Void> markRateLimitedFailed(ClaimedDelivery d, String owner, Duration retryAfter, String error,
            Attempt attempt) {
        return tx(conn -> pacer.pause(conn, d.teamId(), d.channelId(), retryAfter)
                .chain(() -> end(conn, d, owner, "failed", attempt, error, 0)));
    }

    /** Gives back every claim of {@code owner} except those still talking to Slack (graceful shutdown). */
    public Uni<Integer> releaseOwned(String owner, List<Long> keep) {
        return pool.preparedQuery(RELEASE).execute(Tuple.of(owner, keep.toArray(new Long[0])))
                .map(rows -> rows.rowCount());
    }

    /** Queue depth and age in seconds of the oldest queued delivery. */
    public Uni<double[]> stats() {
        return pool.query(STATS).execute().map(rows -> {
            Row row = rows.iterator().next();
            return new double[]{row.getLong("depth"), row.getDouble("oldest_s")};
        });
    }

    private Uni<Void> end(SqlConnection conn, ClaimedDelivery d, String owner, String status, Attempt attempt,
            String error, int spent) {
        return conn.preparedQuery(END).execute(Tuple.of(d.id(), owner, status, spent, error))
                .chain(() -> attempt == null ? Uni.createFrom().voidItem() : insertAttempt(conn, d, attempt))
                .chain(() -> erasePayload(conn, d));
    }

    private Uni<Void> insertAttempt(SqlClient conn, ClaimedDelivery d, Attempt a) {
        return conn.preparedQuery(ATTEMPT)
                .execute(Tuple.from(java.util.Arrays.asList(d.id(), a.at(), a.outcome(), a.slackError(),
                        a.httpStatus(), a.durationMs())))
                .replaceWithVoid();
    }

    private Uni<Void> erasePayload(SqlClient conn, ClaimedDelivery d) {
        return conn.preparedQuery(ERASE_PAYLOAD).execute(Tuple.of(d.eventId())).replaceWithVoid();
    }

    private <T> Uni<T> tx(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work);
    }
}
