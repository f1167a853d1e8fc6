-- Room on each page for the updates that change no indexed column, so that PostgreSQL writes their new row version
-- beside the old one and adds no index entry (a HOT update):
-- - the erasure of an ended delivery's payload (webhook_event): otherwise a new entry in the primary key, keyed by
--   Certyneo's random event ids, so a leaf page of its own per delivered message, and one in the envelope index;
-- - the claim's lease on a delivery (lease_owner, lease_until): otherwise a new entry in each of delivery's indexes,
--   the pending index the claim itself walks among them.
-- Inserts now stop at 80 % of a page; existing pages keep their rows, new pages get the room.
alter table webhook_event set (fillfactor = 80);
alter table delivery set (fillfactor = 80);
