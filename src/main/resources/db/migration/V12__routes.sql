-- Per-event routes (SPEC section 4, PUT …/slack/routes): an event type whose route is set goes to that channel
-- instead of the installation's own. A table rather than a jsonb column: the intake's single statement reads the
-- route with one primary-key probe beside the installation row, the database itself refuses an unknown event type
-- or a route without a channel, and the routes go with their installation.
create table installation_route (
    installation_id uuid not null references installation (id) on delete cascade,
    event_type      text not null check (event_type in ('envelope.completed', 'envelope.declined',
                                                       'envelope.expired', 'envelope.sent', 'recipient.signed')),
    channel_id      text not null,
    channel_name    text not null,
    primary key (installation_id, event_type)
);

-- The channel's name as it was when the event was accepted, so that a delivery that needs the customer to act can
-- say which channel (a routed one or the installation's) without another look-up. Null on rows accepted before.
alter table delivery add column channel_name text;
