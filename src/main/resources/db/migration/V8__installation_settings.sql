-- Per-installation presentation settings (SPEC sections 3, 3.1, 3.2 and 4): how messages are laid out in the
-- channel, their language, and whether bursts are merged into digests. Defaults keep one message per event in
-- English, as before these settings existed.
alter table installation
    add column layout        text    not null default 'message_per_event'
        check (layout in ('message_per_event', 'thread_per_envelope')),
    add column locale        text    not null default 'en' check (locale in ('en', 'fr')),
    add column digest_enabled boolean not null default false,
    add column digest_after  int     not null default 10 check (digest_after between 3 and 100);
