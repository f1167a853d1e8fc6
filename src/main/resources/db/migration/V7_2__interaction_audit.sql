-- resend (issue 5): audit trail of Slack button clicks and what came of them. Ids only: no names,
-- e-mails, titles, tokens or Slack URLs.
create table interaction_audit (
    id              bigserial primary key,
    received_at     timestamptz not null default now(),
    completed_at    timestamptz,
    team_id         text        not null,
    channel_id      text,
    slack_user_id   text        not null,
    action_id       text        not null,
    envelope_id     text,
    -- known once the clicking workspace is matched to an installation
    account_id      text,
    installation_id uuid,
    -- received (in progress), resent, already_resent, rejected, unavailable, refused_unknown_team,
    -- refused_not_connected, refused_foreign_envelope, refused_invalid
    outcome         text        not null,
    -- Certyneo's reason (rejected) or the cause (unavailable); never a secret
    detail          text,
    http_status     int
);
create index interaction_audit_account_idx on interaction_audit (account_id, id desc);
create index interaction_audit_envelope_idx on interaction_audit (envelope_id, id desc);
create index interaction_audit_received_idx on interaction_audit (received_at);
