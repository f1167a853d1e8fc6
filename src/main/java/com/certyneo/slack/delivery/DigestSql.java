package com.certyneo.slack.delivery;

/**
 * The statements of burst digests (run by {@link DigestQueue}): the run behind a head, its lease, and its outcome
 * written for every delivery of the group at once.
 */
final class DigestSql {

    /*
     * Burst digest (SPEC section 3.2), for a claimed head ($4) of an installation with digest on: how many deliveries
     * of its channel wait (a probe of delivery_pending_idx that stops at $3, the threshold, so it costs at most $3
     * index entries), and, only when at least $3 wait, the next $5 queued deliveries after the head, in order, each
     * with whether it is free to lease (no live lease of another owner, $6 being ours). No row lock: deliveries behind
     * a head are never claimed on their own, and DIGEST_LEASE re-checks everything.
     */
    static final String DIGEST_FOLLOWERS = """
            with waiting as (
                select count(*) as n
                  from (select 1 from delivery
                         where team_id = $1 and channel_id = $2 and status = 'queued' limit $3) w
            )
            select w.n as waiting, f.id, f.event_type, f.free
              from waiting w
              left join lateral (select id, event_type,
                                        (lease_until is null or lease_until < clock_timestamp()
                                         or lease_owner = $6) as free
                                   from delivery
                                  where w.n >= $3 and team_id = $1 and channel_id = $2 and status = 'queued'
                                    and id > $4
                                  order by team_id, channel_id, id
                                  limit $5) f on true""";

    /*
     * Leases the chosen followers ($3) to the owner ($2) of head $1 of channel ($4, $5), until the head's own lease
     * ends, only while the head is still claimed by $2 and each follower still queued and free; returns those leased
     * with their payload. Like every lookup of queued deliveries by id, keyed by channel too (QueueSql.REQUEUE).
     */
    static final String DIGEST_LEASE = """
            with head as (
                select lease_until from delivery
                 where id = $1 and team_id = $4 and channel_id = $5 and lease_owner = $2 and status = 'queued'
                   and lease_until > clock_timestamp()
            ), leased as (
                update delivery d set lease_owner = $2, lease_until = (select lease_until from head)
                 where d.team_id = $4 and d.channel_id = $5 and d.id = any($3) and d.status = 'queued'
                   and exists (select 1 from head)
                   and (d.lease_until is null or d.lease_until < clock_timestamp() or d.lease_owner = $2)
                returning d.id, d.event_id, d.event_type, d.attempts, d.received_at
            )
            select l.id, l.event_id, l.event_type, l.attempts, l.received_at, e.payload
              from leased l join webhook_event e on e.event_id = l.event_id""";

    /**
     * Gives back followers of channel ($3, $4) leased for a digest that did not leave (claim lost, slot far away, run
     * cut).
     */
    static final String DIGEST_UNLEASE = """
            update delivery set lease_owner = null, lease_until = null
             where team_id = $3 and channel_id = $4 and id = any($1) and lease_owner = $2 and status = 'queued'""";

    /*
     * Slack took the digest: every merged delivery is sent with the digest's ts and size, and has its own audit row;
     * like SENT, a concurrent cancel does not hide that Slack took the message.
     */
    static final String DIGEST_SENT = """
            with sent as (
                update delivery
                   set status = 'sent', attempts = attempts + 1, slack_ts = $2, digest_size = $3,
                       sent_at = clock_timestamp(), ended_at = clock_timestamp(), last_error = null,
                       lease_owner = null, lease_until = null
                 where id = any($1) and status in ('queued', 'cancelled')
                returning received_at
            ), audited as (
                insert into delivery_attempt (delivery_id, attempted_at, outcome, slack_error, http_status,
                                              duration_ms)
                select id, $4, $5, $6, $7, $8 from unnest($1::bigint[]) as id
            )
            select extract(epoch from (clock_timestamp() - received_at)) as latency_s from sent""";

    private DigestSql() {
    }
}
