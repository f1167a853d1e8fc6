package com.certyneo.slack.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
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
     * Only the head of each channel's queue (lowest id still queued) may be claimed: a later message never leaves
     * while an earlier one of its channel is queued or in flight (FIFO per channel). The heads are found by a skip
     * scan of the partial index (one probe per channel, whatever the backlog; a DISTINCT ON read every queued row and
     * cost milliseconds per claim under a burst). The head must be due, not leased by a live replica, its channel
     * not paused by a 429, and its channel's next slot at most claim-ahead ($4 s) away, so a worker never sits on a
     * claim waiting for a slot. FOR UPDATE SKIP LOCKED lets replicas claim side by side; the conditions on d are
     * re-checked on the latest row version, so a head just claimed and committed by another replica is skipped.
     * The probes read the heap row (next_attempt_at and lease_until are not in the index): the due and lease
     * filters cost nothing more, and a plain index scan marks the entries of rows no longer queued as dead when it
     * meets them, so the next probe skips them (an index-only scan walked every sent row until autovacuum came).
     * Every step is driven by the heads through LATERAL subqueries, and the update by an array of ids, so the plan
     * stays one probe per channel plus one per claimed row whatever the statistics say: with statistics taken while
     * the queue was empty, a join was planned as a scan of every queued row per head (0.7 s at 15,000 rows), and
     * the update as a hash join over the whole delivery table, history included (half of each claim's time in the
     * 500-channel benchmark).
     */
    private static final String CLAIM = """
            with recursive heads as (
                (select team_id, channel_id, id, next_attempt_at, lease_until
                   from delivery
                  where status = 'queued'
                  order by team_id, channel_id, id
                  limit 1)
                union all
                select n.team_id, n.channel_id, n.id, n.next_attempt_at, n.lease_until
                  from heads h
                 cross join lateral (select team_id, channel_id, id, next_attempt_at, lease_until
                                       from delivery
                                      where status = 'queued' and (team_id, channel_id) > (h.team_id, h.channel_id)
                                      order by team_id, channel_id, id
                                      limit 1) n
            ), candidates as (
                select h.id
                  from heads h
                 cross join lateral (select 1
                                      where not exists (select 1 from channel_pace p
                                                         where p.team_id = h.team_id and p.channel_id = h.channel_id
                                                           and (p.paused_until > clock_timestamp()
                                                                or p.next_send_at > clock_timestamp()
                                                                                   + make_interval(secs => $4)))
                                     offset 0) free
                 where h.next_attempt_at <= clock_timestamp()
                   and (h.lease_until is null or h.lease_until < clock_timestamp())
                 order by h.next_attempt_at, h.id
                 limit $3
            ), claimable as (
                select locked.id
                  from candidates c
                 cross join lateral (select d.id
                                       from delivery d
                                      where d.id = c.id
                                        and d.status = 'queued'
                                        and d.next_attempt_at <= clock_timestamp()
                                        and (d.lease_until is null or d.lease_until < clock_timestamp())
                                        for update skip locked) locked
            ), claimed as (
                update delivery d
                   set lease_owner = $1, lease_until = clock_timestamp() + make_interval(secs => $2)
                 where d.id = any(array(select id from claimable))
                returning d.id, d.event_id, d.installation_id, d.account_id, d.team_id, d.channel_id, d.event_type,
                          d.attempts, d.received_at
            )
            select c.id, c.event_id, c.installation_id, c.account_id, c.team_id, c.channel_id, c.event_type,
                   c.attempts, c.received_at, i.status as installation_status, i.token_key_id, i.token_ciphertext,
                   e.payload
              from claimed c
              join installation i on i.id = c.installation_id
              join webhook_event e on e.event_id = c.event_id""";

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

    /**
     * Claims up to {@code limit} channel heads for {@code owner}, for {@code lease}, among channels whose next slot
     * is at most {@code claimAhead} away.
     */
    public Uni<List<ClaimedDelivery>> claim(String owner, int limit, Duration lease, Duration claimAhead) {
        return pool.withTransaction(conn -> conn.preparedQuery(CLAIM)
                .execute(Tuple.of(owner, lease.toMillis() / 1000.0, limit, claimAhead.toMillis() / 1000.0)))
                .map(rows -> {
                    List<ClaimedDelivery> claimed = new ArrayList<>();
                    for (Row row : rows) {
                        claimed.add(toClaimed(row));
                    }
                    // oldest first, so that a full batch favours the channels waiting longest
                    claimed.sort((a, b) -> Long.compare(a.id(), b.id()));
                    return claimed;
                });
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
        return tx(conn -> end(conn, d, owner, "failed", attempt, error)
                .chain(() -> attentionReason == null
                        ? Uni.createFrom().voidItem()
                        : conn.preparedQuery(NEEDS_ATTENTION).execute(Tuple.of(d.installationId(), attentionReason))
                                .replaceWithVoid()));
    }

    /** The delivery ends cancelled without being sent (installation revoked or disconnected). */
    public Uni<Void> markCancelled(ClaimedDelivery d, String owner, String reason) {
        return tx(conn -> end(conn, d, owner, "cancelled", null, reason));
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
            String error) {
        return conn.preparedQuery(END).execute(Tuple.of(d.id(), owner, status, attempt == null ? 0 : 1, error))
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

    private static ClaimedDelivery toClaimed(Row row) {
        Buffer token = row.getBuffer("token_ciphertext");
        Object payload = row.getValue("payload");
        return new ClaimedDelivery(row.getLong("id"), row.getString("event_id"), row.getUUID("installation_id"),
                row.getString("account_id"), row.getString("team_id"), row.getString("channel_id"),
                row.getString("event_type"), row.getInteger("attempts"), row.getOffsetDateTime("received_at"),
                row.getString("installation_status"), row.getString("token_key_id"),
                token == null ? null : token.getBytes(), payload instanceof JsonObject json ? json : null);
    }
}
