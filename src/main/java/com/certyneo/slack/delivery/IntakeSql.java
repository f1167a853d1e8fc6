package com.certyneo.slack.delivery;

/** The intake's one statement, run by {@link WebhookStore}: it writes webhook_event and delivery. */
final class IntakeSql {

    /*
     * The decision and store for a BATCH of events in ONE statement (one round trip, one implicit transaction; see
     * WebhookStore for how concurrent webhooks are grouped). Inputs are parallel arrays, one element per event, event
     * ids distinct within a batch; one answer row per input, in input order.
     * - Each event's installation is read here (no cache: a change counts from the next webhook), by one probe of
     *   its unique index per event (a join was planned as a scan of every installation per batch).
     * - The primary key of webhook_event is the dedup arbiter across requests and replicas: a row in `seen`
     *   (committed before) means duplicate whatever the installation says now; `ev` inserts only for a connected
     *   installation with a channel for the type and the type ticked; ON CONFLICT covers a concurrent twin in another
     *   batch ("eligible but not inserted").
     * - The channel is the event type's route when it has one (a primary-key probe of installation_route), else the
     *   installation's own: a routed type is accepted even before a default channel is picked. Channel id and name
     *   are copied at acceptance, so a route changed later applies to the next webhook, not to what is queued.
     * - Deliveries are numbered in batch order, which is acceptance order (FIFO per channel). A delivery to a held
     *   channel is held at once by the insert trigger of V11.
     */
    static final String DECIDE_AND_STORE = """
            with input as (
                select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[],
                                     $7::text[]) with ordinality
                       as b(event_id, account_id, event_type, webhook_id, created_at, envelope_id, payload, n)
            ), inst as (
                select b.n, i.id, i.team_id,
                       case when r.channel_id is null then i.channel_id else r.channel_id end as channel_id,
                       case when r.channel_id is null then i.channel_name else r.channel_name end as channel_name,
                       %s as connected, b.event_type = any (string_to_array(i.events, ',')) as ticked
                  from input b
                  cross join lateral (select * from installation i where i.account_id = b.account_id limit 1) i
                  left join lateral (select r.channel_id, r.channel_name from installation_route r
                                      where r.installation_id = i.id and r.event_type = b.event_type limit 1) r on true
            ), seen as (
                select b.n from input b where exists (select 1 from webhook_event w where w.event_id = b.event_id)
            ), ev as (
                insert into webhook_event (event_id, account_id, event_type, webhook_id, created_at, envelope_id,
                                           payload)
                select b.event_id, b.account_id, b.event_type, b.webhook_id, b.created_at, b.envelope_id, b.payload
                  from input b join inst on inst.n = b.n
                 where inst.connected and inst.channel_id is not null and inst.ticked
                   and not exists (select 1 from seen s where s.n = b.n)
                 order by b.n
                on conflict (event_id) do nothing
                returning event_id
            ), del as (
                insert into delivery (event_id, installation_id, account_id, team_id, channel_id, channel_name,
                                      event_type)
                select b.event_id, inst.id, b.account_id, inst.team_id, inst.channel_id, inst.channel_name,
                       b.event_type
                  from ev join input b on b.event_id = ev.event_id join inst on inst.n = b.n
                 order by b.n
                returning id, event_id
            )
            select b.n, exists (select 1 from seen s where s.n = b.n) as seen, inst.connected,
                   inst.channel_id is not null as has_channel, inst.ticked, del.id as delivery_id
              from input b
              left join inst on inst.n = b.n
              left join del on del.event_id = b.event_id
             order by b.n""".formatted(QueueSql.CONNECTED);

    private IntakeSql() {
    }
}
