-- Held, not lost (SPEC section 7): when Slack answers channel_not_found, not_in_channel or is_archived, the customer
-- must act. The delivery is not failed: it and the rest of its channel's queue wait as 'held' until the bot is
-- invited, the channel is unarchived or the admin picks another channel; held longer than delivery.hold-horizon,
-- they end failed.
alter table delivery drop constraint delivery_status_check;
alter table delivery add constraint delivery_status_check
    check (status in ('queued', 'held', 'sent', 'failed', 'cancelled'));
-- when the delivery was first held (the horizon counts from there); the reason is in last_error
alter table delivery add column held_at timestamptz;
create index delivery_held_idx on delivery (installation_id, channel_id, id) where status = 'held';
create index delivery_held_at_idx on delivery (held_at) where status = 'held';

-- One row per (installation, channel) whose posts Slack refuses for a reason only a human can fix. While it exists,
-- new deliveries to that channel are held at once, without a post.
create table channel_hold (
    installation_id uuid        not null references installation (id) on delete cascade,
    channel_id      text        not null,
    team_id         text        not null,
    -- Slack's code: not_in_channel, channel_not_found or is_archived
    reason          text        not null,
    held_at         timestamptz not null default now(),
    primary key (installation_id, channel_id)
);

-- A new delivery to a held channel is held at once, whichever code inserts it (the intake's single statement needs
-- no change). The shared advisory lock pairs with the exclusive one taken by whoever creates or lifts a hold
-- (delivery.HoldSql.LOCK): an insert racing a new hold waits for it and sees it, and a release waits for inserts in
-- flight and releases them too. Collisions of the 64-bit key only make two channels wait for each other briefly.
create function delivery_held_on_insert() returns trigger
    language plpgsql as
$$
declare
    held_reason text;
begin
    if new.status = 'queued' then
        perform pg_advisory_xact_lock_shared(hashtextextended(new.installation_id::text || '/' || new.channel_id, 11));
        select h.reason into held_reason from channel_hold h
         where h.installation_id = new.installation_id and h.channel_id = new.channel_id;
        if held_reason is not null then
            new.status := 'held';
            new.held_at := now();
            new.last_error := held_reason;
        end if;
    end if;
    return new;
end
$$;

create trigger delivery_held_on_insert
    before insert on delivery
    for each row execute function delivery_held_on_insert();
