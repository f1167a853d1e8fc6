-- Two index entries per accepted webhook were read only by the hourly clean-up of leftover personal data and by the
-- thread layout's "is a newer event of this envelope queued?": delivery's unique key on event_id and
-- webhook_event_payload_idx. Both are keyed by Certyneo's event ids, which are random: each entry lands on its own
-- leaf page, and the first change to a page after a checkpoint writes the whole page (8 KiB) into the WAL that the
-- intake's commit waits to flush. Both go; what they served is done differently:
-- - erasure moves into the database: ending a delivery (ended_at set, whatever statement or person sets it) erases
--   its event's payload in the same statement, so there are no leftovers to look for;
-- - the "newer event" check walks the channel's queue (delivery_pending_idx) instead (delivery.QueueSql.REPLIED).

-- leftovers of any earlier path, while the indexes that find them are still here
update webhook_event e set payload = null
  from delivery d
 where d.event_id = e.event_id and d.ended_at is not null and e.payload is not null;

create function delivery_ended_erase_payload() returns trigger language plpgsql as $$
begin
    update webhook_event set payload = null where event_id = new.event_id and payload is not null;
    return null;
end
$$;

-- the WHEN clause is checked without calling the function: claims, leases and retries cost nothing more
create trigger delivery_ended_erase_payload after update of ended_at on delivery
    for each row when (old.ended_at is null and new.ended_at is not null)
    execute function delivery_ended_erase_payload();

drop index webhook_event_payload_idx;
alter table delivery drop constraint delivery_event_id_key;
