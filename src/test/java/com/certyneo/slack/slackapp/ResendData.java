package com.certyneo.slack.slackapp;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.certyneo.slack.testsupport.FakeSlack;
import com.certyneo.slack.testsupport.Installations;

import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Rows the Re-send tests need, written and read with plain SQL on the service's database. */
final class ResendData {

    /** One audit row as the tests read it. */
    record Audit(String teamId, String accountId, String envelopeId, String slackUserId, String outcome,
            String detail, Integer httpStatus, boolean completed) {
    }

    private final Pool pool;

    ResendData(Pool pool) {
        this.pool = pool;
    }

    /** A workspace of its own, installed for its own account in {@code status}, with one expired envelope. */
    record Workspace(String team, String account, String envelope) {
    }

    Workspace workspaceWithExpiredEnvelope(String status) {
        Workspace w = new Workspace(slackId('T'), unique("acc_"), unique("env_"));
        installation(w.account(), w.team(), status);
        expiredEvent(w.account(), w.envelope());
        return w;
    }

    UUID installation(String accountId, String teamId, String status) {
        return installation(accountId, teamId, status, "C0GENERAL");
    }

    UUID installation(String accountId, String teamId, String status, String channelId) {
        boolean connected = "connected".equals(status);
        // a connected installation holds an encrypted bot token; revoke erases it
        return Installations.connected(accountId).status(status).team(teamId, "Acme").channel(channelId, "general")
                .health(connected ? "ok" : "revoked").token(connected ? FakeSlack.BOT_TOKEN : null).insert().id();
    }

    /** An accepted envelope.expired event for the account, with the whole event as payload, like intake's. */
    void expiredEvent(String accountId, String envelopeId) {
        JsonObject event = new JsonObject().put("id", "evt_" + UUID.randomUUID()).put("type", "envelope.expired")
                .put("account_id", accountId)
                .put("data", new JsonObject().put("envelope", new JsonObject().put("id", envelopeId)
                        .put("title", "Supplier agreement").put("signers", new io.vertx.core.json.JsonArray())));
        pool.preparedQuery("""
                insert into webhook_event (event_id, account_id, event_type, envelope_id, payload)
                values ($1, $2, $3, $4, $5)
                """).execute(Tuple.of(event.getString("id"), accountId, "envelope.expired", envelopeId, event.encode()))
                .await().indefinitely();
    }

    /** What the delivery does once a message is sent: the event's personal data goes, ids stay. */
    void erasePayloads(String accountId) {
        pool.preparedQuery("update webhook_event set payload = null where account_id = $1")
                .execute(Tuple.of(accountId)).await().indefinitely();
    }

    List<Audit> audit(String envelopeId) {
        List<Audit> list = new ArrayList<>();
        for (Row row : pool.preparedQuery("""
                select team_id, account_id, envelope_id, slack_user_id, outcome, detail, http_status, completed_at
                from interaction_audit where envelope_id = $1 order by id
                """).execute(Tuple.of(envelopeId)).await().indefinitely()) {
            list.add(new Audit(row.getString("team_id"), row.getString("account_id"), row.getString("envelope_id"),
                    row.getString("slack_user_id"), row.getString("outcome"), row.getString("detail"),
                    row.getInteger("http_status"), row.getValue("completed_at") != null));
        }
        return list;
    }

    long auditRows() {
        return pool.query("select count(*) from interaction_audit").execute().await().indefinitely().iterator()
                .next().getLong(0);
    }

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** A Slack-shaped id (upper case letters and digits), e.g. T0A1B2C3D4E5. */
    static String slackId(char kind) {
        return kind + UUID.randomUUID().toString().replace("-", "").substring(0, 11).toUpperCase();
    }
}
