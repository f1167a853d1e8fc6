-- Thread layout (SPEC section 3.1): one root message per (installation, channel, envelope), kept up to date, whose
-- thread receives the envelope's events. Ids and Slack timestamps only: no personal data. The unique key is the
-- arbiter of "one root": whoever inserts first owns it. Rows not used for the retention period are purged with the
-- delivery rows (SPEC section 8), through thread_root_used_idx.
create table thread_root (
    installation_id uuid        not null references installation (id) on delete cascade,
    channel_id      text        not null,
    envelope_id     text        not null,
    root_ts         text        not null,
    created_at      timestamptz not null default now(),
    used_at         timestamptz not null default now(),
    primary key (installation_id, channel_id, envelope_id)
);
create index thread_root_used_idx on thread_root (used_at);

-- the root a thread reply went into (the reply itself is slack_ts)
alter table delivery add column thread_ts text;
