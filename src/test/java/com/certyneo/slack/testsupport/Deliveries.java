package com.certyneo.slack.testsupport;

import java.util.UUID;

/**
 * Puts delivery rows in place the way intake and delivery would, for audit and cancellation tests. They use their
 * own channel, and queued ones wait for a retry an hour away, so the running dispatcher leaves them alone and
 * they never stand in front of another test's messages.
 */
public final class Deliveries {

    private Deliveries() {
    }

    public static UUID installationId(String accountId) {
        return (UUID) Db.one("select id from installation where account_id = ?", accountId).get("id");
    }

    public static final String CHANNEL = "C0INSTAUDIT";

    /** An accepted event with personal data and its delivery in {@code status}; returns the delivery id. */
    public static long add(String accountId, String eventId, String eventType, String status) {
        Db.update("insert into webhook_event (event_id, account_id, event_type, payload) values (?, ?, ?, "
                + "'{\"envelope\":{\"title\":\"NDA Acme\",\"sender\":{\"name\":\"Claire Martin\"}}}')",
                eventId, accountId, eventType);
        Db.update("insert into delivery (event_id, installation_id, account_id, team_id, channel_id, event_type, "
                + "status, next_attempt_at, slack_ts, sent_at, ended_at) select ?, id, account_id, team_id, '" + CHANNEL
                + "', ?, ?, now() + interval '1 hour', case when ? = 'sent' then '1700000000.000100' end, "
                + "case when ? = 'sent' then now() end, case when ? = 'queued' then null else now() end "
                + "from installation where account_id = ?",
                eventId, eventType, status, status, status, status, accountId);
        return ((Number) Db.one("select id from delivery where event_id = ?", eventId).get("id")).longValue();
    }

    public static void attempt(long deliveryId, String outcome, String slackError, Integer httpStatus) {
        Db.update("insert into delivery_attempt (delivery_id, attempted_at, outcome, slack_error, http_status, "
                + "duration_ms) values (?, now(), ?, ?, ?, 42)", deliveryId, outcome, slackError, httpStatus);
        Db.update("update delivery set attempts = attempts + 1 where id = ?", deliveryId);
    }

    public static void clear(String accountId) {
        Db.update("delete from delivery_attempt where delivery_id in (select id from delivery where account_id = ?)",
                accountId);
        Db.update("delete from delivery where account_id = ?", accountId);
        Db.update("delete from webhook_event where account_id = ?", accountId);
    }
}
