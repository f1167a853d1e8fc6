-- resend (issue 5): which account an envelope belongs to, kept after the event's personal data is
-- erased. A Re-send click is honoured only for an envelope that appeared in an event of the
-- clicking workspace's account. Ids are not personal data, so this column survives the erasure of
-- webhook_event.payload; it goes when the row goes (retention).
alter table webhook_event add column envelope_id text;

-- Filled from the payload by the database itself, so that whichever code inserts events (intake)
-- needs no change. The payload may hold the whole event ({"data":{"envelope":…}}) or its data
-- ({"envelope":…}). Erasing the payload (set to null) keeps the id.
create function webhook_event_envelope_id() returns trigger
    language plpgsql as
$$
begin
    if new.envelope_id is null and new.payload is not null and jsonb_typeof(new.payload) = 'object' then
        new.envelope_id := coalesce(new.payload #>> '{data,envelope,id}', new.payload #>> '{envelope,id}');
    end if;
    return new;
end
$$;

create trigger webhook_event_envelope_id
    before insert or update of payload on webhook_event
    for each row execute function webhook_event_envelope_id();

update webhook_event
set envelope_id = coalesce(payload #>> '{data,envelope,id}', payload #>> '{envelope,id}')
where envelope_id is null and payload is not null and jsonb_typeof(payload) = 'object';

create index webhook_event_envelope_idx on webhook_event (envelope_id, account_id) where envelope_id is not null;
