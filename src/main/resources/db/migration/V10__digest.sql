-- Burst digest (SPEC section 3.2): how many deliveries the one Slack message that carried this one merged (the same
-- slack_ts on each of them); null for a delivery sent as a message of its own.
alter table delivery
    add column digest_size int check (digest_size between 2 and 20);
