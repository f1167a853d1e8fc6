package com.certyneo.slack.delivery;

/**
 * Every statement that writes thread_root (SPEC section 3.1), run by {@link ThreadRoots}. The primary key
 * (installation, channel, envelope) is the arbiter of "one root": a root is recorded by an insert that does nothing
 * on conflict, and replaced only by deleting the very root that Slack reported gone.
 */
final class ThreadSql {

    /*
     * Where delivery $4 stands: the envelope's root in the channel, if any, marked used now (retention counts from
     * the last use), and the reply already posted by an earlier try of the delivery, if any.
     */
    static final String USE = """
            with root as (
                update thread_root set used_at = clock_timestamp()
                 where installation_id = $1 and channel_id = $2 and envelope_id = $3
                returning root_ts
            )
            select (select root_ts from root) as root_ts, d.slack_ts as reply_ts from delivery d where d.id = $4""";

    /** Records a root just posted; no row when another one was recorded first (that one stays the root). */
    static final String CREATE = """
            insert into thread_root (installation_id, channel_id, envelope_id, root_ts)
            values ($1, $2, $3, $4)
            on conflict (installation_id, channel_id, envelope_id) do nothing
            returning root_ts""";

    static final String CURRENT = """
            select root_ts from thread_root where installation_id = $1 and channel_id = $2 and envelope_id = $3""";

    /** Slack says this root is gone: forgotten, unless another one has replaced it already. */
    static final String FORGET = """
            delete from thread_root
             where installation_id = $1 and channel_id = $2 and envelope_id = $3 and root_ts = $4""";

    /** Retention: roots not used since the cutoff ($1), in batches ($2), through thread_root_used_idx. */
    static final String PURGE = """
            delete from thread_root where ctid = any(array(
                select ctid from thread_root where used_at < $1 limit $2 for update skip locked))""";

    private ThreadSql() {
    }
}
