-- Every call to Slack adds one audit row, the sent message's in the same statement as its outcome. Two of that row's
-- costs guarded nothing the service needs:
-- - the key to delivery: its check looked up the delivery just updated and locked it again (a WAL record per call).
--   Attempts are written only for a delivery being sent, never after its retention, and the retention purge deletes
--   a delivery's attempts with it (delivery.QueueSql.PURGE_ENDED), which was all the cascade did;
-- - a primary key of its own beside the (delivery_id, id) index that every read uses: one index entry more per call.
--   That index becomes the primary key, so the table keeps one (logical replication needs it to copy the purge).
-- The new key is built while the table is locked: one pass over the rows kept for the retention period
-- (docs/operations.md, Upgrades).
alter table delivery_attempt drop constraint delivery_attempt_delivery_id_fkey;
alter table delivery_attempt drop constraint delivery_attempt_pkey;
alter table delivery_attempt add constraint delivery_attempt_pkey primary key (delivery_id, id);
drop index delivery_attempt_delivery_idx;
