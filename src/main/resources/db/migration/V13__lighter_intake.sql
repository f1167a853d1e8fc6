-- The intake stores what the service needs and no more. Nothing queries inside an event's body: the dispatcher
-- reads it whole and the only id the database needs from it (envelope_id, for Re-send ownership and threads) is
-- now written by the intake beside it. So the body is kept as text (no jsonb parse per webhook) and the trigger
-- that extracted envelope_id (a PL/pgSQL call per insert) goes.
drop trigger webhook_event_envelope_id on webhook_event;
drop function webhook_event_envelope_id();
alter table webhook_event alter column payload type text using payload::text;
