package com.certyneo.slack.delivery;

/**
 * The claim statements run by {@link DeliveryQueue}: the walk over every channel's head ({@link #CLAIM}) and the
 * follow-up of the channels a dispatcher knows ({@link #CLAIM_CHANNELS}), and the skip scan of the heads that the
 * outage probe and the queue gauges share ({@link #HEADS}). The queue's other statements are in {@link QueueSql}.
 */
final class ClaimSql {

    /*
     * The head of each channel's queue (lowest id still queued), found by a skip scan of the partial index (one
     * probe per channel, whatever the backlog; a DISTINCT ON read every queued row and cost milliseconds per claim
     * under a burst). The probes read the heap row (next_attempt_at, lease_until, attempts and received_at are not in
     * the index): the filters on them cost nothing more, and a plain index scan marks the entries of rows no longer
     * queued as dead when it meets them, so the next probe skips them (an index-only scan walked every sent row until
     * autovacuum came).
     */
    static final String HEADS = """
            with recursive heads as (
                (select team_id, channel_id, id, next_attempt_at, lease_until, attempts, received_at
                   from delivery
                  where status = 'queued'
                  order by team_id, channel_id, id
                  limit 1)
                union all
                select n.team_id, n.channel_id, n.id, n.next_attempt_at, n.lease_until, n.attempts, n.received_at
                  from heads h
                 cross join lateral (select team_id, channel_id, id, next_attempt_at, lease_until, attempts,
                                            received_at
                                       from delivery
                                      where status = 'queued' and (team_id, channel_id) > (h.team_id, h.channel_id)
                                      order by team_id, channel_id, id
                                      limit 1) n
            )""";

    /*
     * The heads of the channels given as arrays ($5 team ids, $6 channel ids): one probe of the partial index per
     * channel. A dispatcher claims a channel it follows this way (the channel it just sent to, or whose head the last
     * claim found not due yet, see ChannelFollowUps) instead of walking every channel's head again.
     */
    private static final String HEADS_OF = """
            with heads as (
                select n.team_id, n.channel_id, n.id, n.next_attempt_at, n.lease_until, n.attempts, n.received_at
                  from unnest($5::text[], $6::text[]) as c(team_id, channel_id)
                 cross join lateral (select team_id, channel_id, id, next_attempt_at, lease_until, attempts,
                                            received_at
                                       from delivery
                                      where status = 'queued' and team_id = c.team_id and channel_id = c.channel_id
                                      order by id
                                      limit 1) n
            )""";

    /*
     * Only the head of each channel may be claimed: a later message never leaves while an earlier one of its channel
     * is queued or in flight (FIFO per channel). The head must be due, not leased by a live replica, its channel not
     * paused by a 429, and its channel's next slot at most claim-ahead ($4 s) away, so a worker never sits on a claim
     * waiting for a slot. FOR UPDATE SKIP LOCKED lets replicas claim side by side; the conditions on d are re-checked
     * on the latest row version, so a head just claimed and committed by another replica is skipped.
     * Every step is driven by the heads through LATERAL subqueries (LIMIT 1 keeps the planner from flattening them
     * into joins), and the update by an array of ids, so the plan stays one probe per channel plus one per claimed
     * row whatever the statistics say: with statistics taken while the queue was empty, a join was planned as a scan
     * of every queued row per head (0.7 s at 15,000 rows), the update as a hash join over the whole delivery table,
     * history included (half of each claim's time in the 500-channel benchmark), and the join with the claimed rows'
     * installations and events as scans of both tables.
     * Each candidate is locked by its whole key (team, channel, id): by id alone, statistics taken while the queue was
     * empty (the partial index then counts no row, and the planner prices any scan of it at one page) made the lock
     * a scan of the whole pending index per candidate, up to 190 pages each at 1,000 busy channels.
     * One probe of channel_pace per head gives its due time (greatest ignores a missing pace row), which serves both
     * the claim and the follow-up below.
     * One row per head not leased by a live replica: the claimed ones with their delivery, the others with their
     * channel and due_ms, in how long they become claimable (their retry time, the end of their channel's pause, or
     * claim-ahead before their channel's next slot, whoever booked that slot: a test message, another replica, a
     * 429; zero or less when due now but not taken: locked by another replica's claim, or beyond the limit). The
     * dispatcher follows those channels up at that time instead of walking every head again.
     */
    private static final String CLAIM_HEADS = """
            , paced as (
                select h.team_id, h.channel_id, h.id, h.next_attempt_at,
                       greatest(h.next_attempt_at, p.next_send_at - make_interval(secs => $4), p.paused_until) as due_at
                  from heads h
                  left join lateral (select p.next_send_at, p.paused_until
                                       from channel_pace p
                                      where p.team_id = h.team_id and p.channel_id = h.channel_id
                                      limit 1) p on true
                 where h.lease_until is null or h.lease_until < clock_timestamp()
            ), candidates as (
                select team_id, channel_id, id from paced where due_at <= clock_timestamp()
                 order by next_attempt_at, id limit $3
            ), claimable as (
                select locked.id
                  from candidates c
                 cross join lateral (select d.id
                                       from delivery d
                                      where d.team_id = c.team_id and d.channel_id = c.channel_id and d.id = c.id
                                        and d.status = 'queued'
                                        and d.next_attempt_at <= clock_timestamp()
                                        and (d.lease_until is null or d.lease_until < clock_timestamp())
                                        for update skip locked) locked
            ), claimed as (
                update delivery d
                   set lease_owner = $1, lease_until = clock_timestamp() + make_interval(secs => $2)
                 where d.id = any(array(select id from claimable))
                returning d.id, d.event_id, d.installation_id, d.account_id, d.team_id, d.channel_id, d.event_type,
                          d.attempts, d.received_at, d.channel_name
            )
            select p.team_id as head_team_id, p.channel_id as head_channel_id,
                   extract(epoch from (p.due_at - clock_timestamp())) * 1000 as due_ms, x.*
              from paced p
              left join (select c.id, c.event_id, c.installation_id, c.account_id, c.team_id, c.channel_id,
                                c.event_type, c.attempts, c.received_at, c.channel_name, i.*, e.payload
                           from claimed c
                          cross join lateral (select i.status as installation_status,
                                                     %s as connected, i.health = 'needs_attention' as needs_attention,
                                                     i.token_key_id, i.token_ciphertext, i.layout, i.locale,
                                                     i.digest_enabled, i.digest_after
                                                from installation i
                                               where i.id = c.installation_id
                                               limit 1) i
                          cross join lateral (select e.payload from webhook_event e where e.event_id = c.event_id
                                               limit 1) e) x on x.id = p.id""".formatted(QueueSql.CONNECTED);

    /** Claims among every channel's head: the walk, for channels this dispatcher does not follow yet. */
    static final String CLAIM = HEADS + CLAIM_HEADS;

    /** Claims among the heads of the channels given ($5, $6): the follow-up of channels this dispatcher knows. */
    static final String CLAIM_CHANNELS = HEADS_OF + CLAIM_HEADS;

    private ClaimSql() {
    }
}
