package com.certyneo.slack.delivery;

/**
 * The statements of {@code channel_pace}, run by {@link ChannelPacer}: one row per (team, channel) with the earliest
 * instant its next message may leave and the end of a 429 pause. Every one compares the database clock only.
 */
final class PaceSql {

    // slot = max(next_send_at, now, paused_until); next_send_at moves to slot + interval
    private static final String NEXT_SLOT = """
            on conflict (team_id, channel_id) do update
               set next_send_at = greatest(channel_pace.next_send_at, clock_timestamp(),
                                           coalesce(channel_pace.paused_until, '-infinity'))
                                  + make_interval(secs => $3)
            returning next_send_at - make_interval(secs => $3) as slot_at,
                      greatest(0, extract(epoch from (next_send_at - make_interval(secs => $3)
                                                      - clock_timestamp()))) * 1000 as wait_ms""";

    static final String RESERVE = """
            insert into channel_pace (team_id, channel_id, next_send_at)
            values ($1, $2, clock_timestamp() + make_interval(secs => $3))
            """ + NEXT_SLOT;

    // the same for claimed deliveries, one element of each array per channel (distinct channels), each only while
    // its delivery is still claimed by its owner. The claims are checked in a join with the ids as an array (= any):
    // one index pass per batch (a correlated EXISTS ran once per element, each time over the whole array), keyed by
    // channel too, so that the pending index, if the planner takes it, is read from those channels, not end to end.
    static final String RESERVE_FOR_CLAIMS = """
            insert into channel_pace (team_id, channel_id, next_send_at)
            select b.team_id, b.channel_id, clock_timestamp() + make_interval(secs => $3)
              from unnest($1::text[], $2::text[], $4::bigint[], $5::text[]) as b(team_id, channel_id, delivery_id, owner)
              join delivery d on d.team_id = b.team_id and d.channel_id = b.channel_id and d.id = b.delivery_id
             where d.team_id = any($1::text[]) and d.channel_id = any($2::text[]) and d.id = any($4::bigint[])
               and d.lease_owner = b.owner and d.status = 'queued'
               and d.lease_until > clock_timestamp()
            """
            + NEXT_SLOT + ", team_id, channel_id";

    // the same as RESERVE, only when the slot is at most $4 s away; no row when the channel is busy longer
    static final String RESERVE_WITHIN = """
            insert into channel_pace (team_id, channel_id, next_send_at)
            values ($1, $2, clock_timestamp() + make_interval(secs => $3))
            on conflict (team_id, channel_id) do update
               set next_send_at = greatest(channel_pace.next_send_at, clock_timestamp(),
                                           coalesce(channel_pace.paused_until, '-infinity'))
                                  + make_interval(secs => $3)
             where greatest(channel_pace.next_send_at, coalesce(channel_pace.paused_until, '-infinity'))
                   <= clock_timestamp() + make_interval(secs => $4)
            returning greatest(0, extract(epoch from (next_send_at - make_interval(secs => $3)
                                                      - clock_timestamp()))) * 1000 as wait_ms""";

    static final String BUSY_FOR = """
            select greatest(0, extract(epoch from (greatest(next_send_at, coalesce(paused_until, '-infinity'))
                                                   - clock_timestamp()))) * 1000 as wait_ms
              from channel_pace where team_id = $1 and channel_id = $2""";

    static final String PAUSE = """
            insert into channel_pace (team_id, channel_id, paused_until)
            values ($1, $2, clock_timestamp() + make_interval(secs => $3))
            on conflict (team_id, channel_id) do update
               set paused_until = greatest(coalesce(channel_pace.paused_until, '-infinity'),
                                           clock_timestamp() + make_interval(secs => $3))""";

    // one channel per element; since_s: how long ago (local monotonic clock) Slack answered, measured before this
    // statement was sent, so that clock_timestamp() - since_s is never before the answer on the database's clock.
    // The rows are found by their keys as arrays (= any): one index probe per channel whatever the statistics say.
    static final String HOLD = """
            update channel_pace p
               set next_send_at = greatest(p.next_send_at, clock_timestamp() - make_interval(secs => a.since_s)
                                                            + make_interval(secs => $4))
              from unnest($1::text[], $2::text[], $3::float8[]) as a(team_id, channel_id, since_s)
             where p.team_id = any($1::text[]) and p.channel_id = any($2::text[])
               and p.team_id = a.team_id and p.channel_id = a.channel_id""";
}
