-- Whole schema of certyneo-slack. PostgreSQL is the only store and the coordination point
-- between replicas: unique keys arbitrate dedup, row locks arbitrate claiming.

-- One Slack installation per Certyneo account (spec section 1).
create table installation (
    id               uuid primary key,
    account_id       text        not null unique,
    status           text        not null check (status in ('connected', 'revoked', 'disconnected')),
    team_id          text        not null,
    team_name        text,
    bot_user_id      text,
    app_id           text,
    scopes           text,
    -- AES-256-GCM: nonce (12 bytes) || ciphertext || tag; the installation id is the AAD.
    token_key_id     text,
    token_ciphertext bytea,
    channel_id       text,
    channel_name     text,
    -- comma-separated event types the customer ticked
    events           text        not null default 'envelope.completed,envelope.declined,envelope.expired,envelope.sent,recipient.signed',
    health           text        not null default 'ok' check (health in ('ok', 'needs_attention', 'revoked')),
    health_reason    text,
    connected_at     timestamptz not null,
    updated_at       timestamptz not null default now()
);
create index installation_team_idx on installation (team_id);

-- Inbox of accepted Certyneo events. The primary key is THE dedup key (spec section 2).
create table webhook_event (
    event_id    text primary key,
    account_id  text        not null,
    event_type  text        not null,
    webhook_id  text,
    created_at  timestamptz,
    received_at timestamptz not null default now(),
    -- the event's data (personal data): erased (set to null) once its delivery has ended
    payload     jsonb
);

-- One delivery per accepted event; its id orders messages FIFO within a channel.
create table delivery (
    id              bigserial primary key,
    event_id        text        not null unique references webhook_event (event_id) on delete cascade,
    installation_id uuid        not null references installation (id),
    account_id      text        not null,
    team_id         text        not null,
    channel_id      text        not null,
    event_type      text        not null,
    status          text        not null default 'queued'
        check (status in ('queued', 'sent', 'failed', 'cancelled')),
    attempts        int         not null default 0,
    next_attempt_at timestamptz not null default now(),
    -- claim lease: a replica that dies while holding it loses the delivery once it expires
    lease_owner     text,
    lease_until     timestamptz,
    last_error      text,
    slack_ts        text,
    received_at     timestamptz not null default now(),
    sent_at         timestamptz,
    ended_at        timestamptz
);
create index delivery_pending_idx on delivery (team_id, channel_id, id) where status = 'queued';
create index delivery_account_idx on delivery (account_id, id desc);
create index delivery_ended_idx on delivery (ended_at) where ended_at is not null;

-- Audit: every attempt's time and outcome (spec section 7).
create table delivery_attempt (
    id           bigserial primary key,
    delivery_id  bigint      not null references delivery (id) on delete cascade,
    attempted_at timestamptz not null,
    outcome      text        not null,
    slack_error  text,
    http_status  int,
    duration_ms  int
);
create index delivery_attempt_delivery_idx on delivery_attempt (delivery_id, id);

-- Per-channel pacing across replicas: the earliest instant the next chat.postMessage may leave.
create table channel_pace (
    team_id      text        not null,
    channel_id   text        not null,
    next_send_at timestamptz not null default now(),
    paused_until timestamptz,
    primary key (team_id, channel_id)
);

-- OAuth install tickets and states (spec section 5): single use, short lived.
create table oauth_state (
    state       text primary key,
    ticket      text        not null unique,
    account_id  text        not null,
    return_url  text        not null,
    created_at  timestamptz not null default now(),
    expires_at  timestamptz not null,
    opened_at   timestamptz,
    used_at     timestamptz
);
create index oauth_state_expires_idx on oauth_state (expires_at);

-- Slack Events API retries: each event_id handled once.
create table slack_event_receipt (
    event_id    text primary key,
    received_at timestamptz not null default now()
);
