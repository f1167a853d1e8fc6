package com.certyneo.slack.delivery;

/**
 * The statements that write webhook_event, delivery or delivery_attempt after the intake ({@link IntakeSql}), each
 * once: the retention delete (run by {@link RetentionPurge}) and the queue's statements (run by {@link DeliveryQueue}:
 * outage probe, outcomes, cancel, payload erasure; the claims are in {@link ClaimSql}). Held deliveries have theirs
 * in {@link HoldSql}.
 */
final class QueueSql {

    /** The one rule of a connected installation (alias {@code i}); {@code Installation.isConnected} in Java. */
    static final String CONNECTED = "(i.status = 'connected' and i.token_ciphertext is not null)";

    // retention: an ended delivery goes with its event and its attempts (no foreign keys between them, V15 and V18);
    // every ended delivery has ended_at, so the rows are selected through delivery_ended_idx; rows another replica's
    // purge holds are skipped. Counts the events deleted, one per delivery.
    static final String PURGE_ENDED = """
            with gone as (
                delete from delivery where id in (
                    select id from delivery where ended_at < $1 limit $2 for update skip locked)
                returning id, event_id
            ), attempts as (
                delete from delivery_attempt where delivery_id = any(array(select id from gone))
            )
            delete from webhook_event where event_id in (select event_id from gone)""";

    /*
     * Outage probe, one per workspace: of the heads retrying after transient failures (attempts > 0), the one whose
     * retry is nearest is made due now, unless one of that workspace's retrying heads is due within the probe
     * interval anyway (or in flight). Each head keeps its own exponential backoff, so a dead Slack gets one call per
     * workspace per probe interval, not one per channel; when a retry succeeds, RELEASE_RETRIES lets the rest go.
     * The probed head's failure doubles its backoff, so the next probe usually takes another channel's head.
     */
    static final String PROBE = ClaimSql.HEADS + """
            , retrying as (
                select team_id, channel_id, id, next_attempt_at, lease_until from heads where attempts > 0
            ), probes as (
                select distinct on (r.team_id) r.team_id, r.channel_id, r.id
                  from retrying r
                 where r.next_attempt_at > clock_timestamp() + make_interval(secs => $1)
                   and (r.lease_until is null or r.lease_until < clock_timestamp())
                   and not exists (select 1 from retrying o
                                    where o.team_id = r.team_id
                                      and o.next_attempt_at <= clock_timestamp() + make_interval(secs => $1))
                 order by r.team_id, r.next_attempt_at, r.id
            )
            update delivery d set next_attempt_at = clock_timestamp()
             where d.team_id = any(array(select team_id from probes))
               and d.channel_id = any(array(select channel_id from probes))
               and d.id = any(array(select id from probes)) and d.status = 'queued'
               and (d.lease_until is null or d.lease_until < clock_timestamp())""";

    /*
     * A retry succeeded: Slack works again for this workspace, so its other heads waiting on their own backoff are
     * due now (they are the only queued rows with attempts > 0; later rows have not been tried).
     */
    static final String RELEASE_RETRIES = """
            update delivery set next_attempt_at = clock_timestamp()
             where team_id = $1 and status = 'queued' and attempts > 0 and next_attempt_at > clock_timestamp()
               and (lease_until is null or lease_until < clock_timestamp())""";

    /*
     * Slack took these messages (one element of each array per delivery; group commit, see DeliveryQueue.markSent):
     * the outcomes and their audit rows. A concurrent cancel (disconnect) does not hide that Slack took the message.
     * The deliveries are found by their ids as an array (= any), so the plan stays one index probe per row whatever
     * the statistics say. Answers the event-to-Slack latency of each delivery updated.
     */
    static final String SENT = """
            with input as (
                select * from unnest($1::bigint[], $2::text[], $3::timestamptz[], $4::text[], $5::text[],
                                     $6::int[], $7::int[])
                       as b(id, slack_ts, attempted_at, outcome, slack_error, http_status, duration_ms)
            ), sent as (
                update delivery d
                   set status = 'sent', attempts = d.attempts + 1, slack_ts = b.slack_ts, sent_at = clock_timestamp(),
                       ended_at = clock_timestamp(), last_error = null, lease_owner = null, lease_until = null
                  from input b
                 where d.id = any($1::bigint[]) and d.id = b.id and d.status in ('queued', 'cancelled')
                returning d.id, d.received_at
            ), audited as (
                insert into delivery_attempt (delivery_id, attempted_at, outcome, slack_error, http_status,
                                              duration_ms)
                select id, attempted_at, outcome, slack_error, http_status, duration_ms from input
            )
            select id, extract(epoch from (clock_timestamp() - received_at)) as latency_s from sent""";

    /*
     * Thread layout: the reply is in Slack; recorded at once (the delivery stays queued while its root is updated),
     * so a retry never posts it again. Tells whether a newer event of the same envelope is queued for the channel
     * (that one will update the root). The channel's queue after this delivery is walked in order, each event looked
     * up by its key; only the first 1,000 are looked at, so that a long backlog does not make every reply cost more:
     * a newer event further back is missed, and the root is then updated once more than needed, never left stale.
     */
    static final String REPLIED = """
            with replied as (
                update delivery set slack_ts = $2, thread_ts = $3 where id = $1 and status in ('queued', 'cancelled')
            )
            select exists (select 1
                             from (select n.event_id from delivery n
                                    where n.team_id = $6 and n.channel_id = $7 and n.status = 'queued' and n.id > $1
                                    order by n.id limit 1000) n
                             join webhook_event e on e.event_id = n.event_id
                            where e.envelope_id = $4 and e.account_id = $5) as newer""";

    /*
     * The outcomes of one claimed delivery find it by its whole key ($1 id, and its channel): by id alone, with the
     * statistics of an empty queue, the planner reads the partial index delivery_pending_idx from end to end (see
     * ClaimSql.CLAIM_HEADS).
     */
    static final String REQUEUE = """
            update delivery
               set attempts = attempts + $3, next_attempt_at = clock_timestamp() + make_interval(secs => $4),
                   last_error = coalesce($5, last_error), lease_owner = null, lease_until = null
             where id = $1 and team_id = $6 and channel_id = $7 and lease_owner = $2 and status = 'queued'""";

    static final String END = """
            update delivery
               set status = $3, attempts = attempts + $4, last_error = $5, ended_at = clock_timestamp(),
                   lease_owner = null, lease_until = null
             where id = $1 and team_id = $6 and channel_id = $7 and (lease_owner = $2 or lease_owner is null)
               and status = 'queued'""";

    static final String CONFIRM = """
            update delivery set lease_until = clock_timestamp() + make_interval(secs => $3)
             where id = $1 and team_id = $4 and channel_id = $5 and lease_owner = $2 and status = 'queued'""";

    static final String ATTEMPT = """
            insert into delivery_attempt (delivery_id, attempted_at, outcome, slack_error, http_status, duration_ms)
            values ($1, $2, $3, $4, $5, $6)""";

    static final String CANCEL_QUEUED = """
            update delivery set status = 'cancelled', last_error = $2, ended_at = now(), lease_owner = null,
                   lease_until = null
             where installation_id = $1 and status in ('queued', 'held')""";

    static final String RELEASE = """
            update delivery set lease_owner = null, lease_until = null
             where lease_owner = $1 and status = 'queued' and not (id = any($2))""";

    /*
     * The queue gauges, refreshed by every replica's sweep, at a cost that does not grow with the backlog: a count of
     * every queued row (each one's heap page read for its visibility) took 25 ms and 3,353 page reads every 5 s with
     * 56,000 queued, and slowed the intake beside it. The depth is counted up to $1 rows (beyond, the gauge means "at
     * least"); the oldest is the oldest of the channel heads (one probe per channel), as each channel's queue leaves
     * in id order, which is acceptance order.
     */
    static final String STATS = ClaimSql.HEADS + """
            select (select count(*) from (select 1 from delivery where status = 'queued' limit $1) q) as depth,
                   coalesce(extract(epoch from (clock_timestamp() - (select min(received_at) from heads))), 0)
                       as oldest_s""";

    private QueueSql() {
    }
}
