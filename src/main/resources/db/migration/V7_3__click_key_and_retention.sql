-- guards: a Re-send click is recognised by what Slack put in it (team, user, action, action_ts, trigger_id), so a
-- captured signed request replayed later is not a new click. The key is a SHA-256 digest: ids only, no secret.
alter table interaction_audit add column click_key text;
create unique index interaction_audit_click_key_idx on interaction_audit (click_key) where click_key is not null;

-- Retention selects ended deliveries by ended_at alone (index delivery_ended_idx): every ended delivery must carry
-- it. Rows ended before every path set it get the best instant known.
update delivery set ended_at = coalesce(sent_at, received_at)
where status in ('sent', 'failed', 'cancelled') and ended_at is null;

-- The retention purge erases leftover personal data of ended deliveries; only events still holding a payload (the
-- queue, a small set) need looking at, found through this partial index rather than by scanning every event.
create index webhook_event_payload_idx on webhook_event (event_id) where payload is not null;
