-- The intake inserts an event and its delivery in one statement, so a delivery always has its event; the key guarded
-- only the cascade of the retention purge, which now deletes both itself (delivery.QueueSql.PURGE_ENDED). Its check
-- cost every accepted webhook a lookup of the event just inserted and a row lock on it (a WAL record): without it,
-- the intake statement took a tenth to a quarter less time at the same load (BENCHMARKS.md, run of 2026-12-02 22:20).
alter table delivery drop constraint delivery_event_id_fkey;
