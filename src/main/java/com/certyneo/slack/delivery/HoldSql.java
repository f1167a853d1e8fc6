package com.certyneo.slack.delivery;

/**
 * The statements of held deliveries (SPEC section 7, "Held, not lost"), run by {@link HeldDeliveries}: they write
 * {@code delivery} (status {@code held} and back) and own {@code channel_hold}. Every statement that creates, lifts
 * or moves a hold first takes {@link #LOCK} for its (installation, channel), the exclusive side of the lock the
 * insert trigger of V11 takes shared, so no delivery slips between a hold and its channel's queue.
 */
final class HoldSql {

    static final String LOCK = "select pg_advisory_xact_lock(hashtextextended($1::text || '/' || $2, 11))";

    /*
     * Slack refused the post of delivery $5 (claimed by $6) for a reason a human must fix: the channel is held, the
     * delivery and the rest of its installation's queue in that channel become held (a live claim of another replica
     * is left alone: its own post will hold it). One attempt is spent, by the delivery that was tried.
     */
    static final String HOLD = """
            with hold as (
                insert into channel_hold (installation_id, channel_id, team_id, reason) values ($1, $2, $3, $4)
                on conflict (installation_id, channel_id) do update set reason = excluded.reason
            ), tried as (
                update delivery
                   set status = 'held', attempts = attempts + $7, held_at = coalesce(held_at, clock_timestamp()),
                       last_error = $4, lease_owner = null, lease_until = null
                 where id = $5 and team_id = $3 and channel_id = $2 and (lease_owner = $6 or $6 is null)
                   and status = 'queued'
                returning id
            ), rest as (
                update delivery
                   set status = 'held', held_at = coalesce(held_at, clock_timestamp()), last_error = $4
                 where team_id = $3 and channel_id = $2 and installation_id = $1 and status = 'queued'
                   and id <> coalesce($5, -1)
                   and (lease_until is null or lease_until < clock_timestamp())
                returning id
            )
            select (select count(*) from tried) + (select count(*) from rest) as held""";

    /* The hold ends: the channel's held deliveries are queued again, due now, in their id (acceptance) order. */
    static final String RELEASE = """
            with lifted as (
                delete from channel_hold where installation_id = $1 and channel_id = $2
            )
            update delivery set status = 'queued', next_attempt_at = clock_timestamp()
             where installation_id = $1 and channel_id = $2 and status = 'held'
            returning id""";

    /*
     * The admin picked another channel (or route): held deliveries of $2 go to $3, keeping their ids and so their
     * place in the order, and are queued (held still, when $3 is itself held: no post in vain). $4 (nullable) limits the move to some event types; the old channel's hold
     * goes only when everything moved.
     */
    static final String MOVE = """
            with lifted as (
                delete from channel_hold where installation_id = $1 and channel_id = $2 and $4::text[] is null
            )
            update delivery
               set channel_id = $3, next_attempt_at = clock_timestamp(),
                   status = case when exists (select 1 from channel_hold
                                               where installation_id = $1 and channel_id = $3)
                                 then 'held' else 'queued' end
             where installation_id = $1 and channel_id = $2 and status = 'held'
               and ($4::text[] is null or event_type = any($4))
            returning id, status""";

    /*
     * Held longer than the horizon ($1 s): failed, with the reason first and what happened after ($2). A hold with
     * nothing younger left held is lifted, so that the next event tries the channel again rather than wait a day.
     */
    static final String EXPIRE = """
            with expired as (
                update delivery
                   set status = 'failed', last_error = coalesce(last_error, 'held') || $2,
                       ended_at = clock_timestamp(), lease_owner = null, lease_until = null
                 where status = 'held' and held_at < clock_timestamp() - make_interval(secs => $1)
                returning id
            ), lifted as (
                delete from channel_hold h
                 where h.held_at < clock_timestamp() - make_interval(secs => $1)
                   and not exists (select 1 from delivery d
                                    where d.installation_id = h.installation_id and d.channel_id = h.channel_id
                                      and d.status = 'held'
                                      and d.held_at >= clock_timestamp() - make_interval(secs => $1))
            )
            select count(*)::int as n from expired""";

    /* An installation that ended (revoked, disconnected, moved workspace) keeps no hold. */
    static final String FORGET = "delete from channel_hold where installation_id = $1";

    /* Held deliveries per reason, for the gauge (a handful of reasons; the partial index bounds the scan). */
    static final String COUNT = "select last_error as reason, count(*) as n from delivery where status = 'held' "
            + "group by last_error";

    private HoldSql() {
    }
}
