-- Pacing state is only worth keeping for a second or so (a 429's pause for its Retry-After): channel_pace becomes
-- unlogged, so booking a slot (a statement per message) no longer waits for a WAL flush. After a crash PostgreSQL
-- empties it; the restart itself takes longer than a pace interval, and a pause that is lost costs at most one
-- more 429, which pauses the channel again. A standby promoted after a failover has the table empty, likewise.
alter table channel_pace set unlogged;

-- Installations are never deleted (a disconnect keeps the row, its audit needs it), so this key guarded nothing,
-- and its check took a KEY SHARE lock on the installation's row for every delivery inserted: with one busy
-- installation, every concurrent intake statement shared a lock on one row (multixacts).
alter table delivery drop constraint delivery_installation_id_fkey;
