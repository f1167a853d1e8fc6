package com.certyneo.slack.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.certyneo.slack.testsupport.FakeSlack;
import com.certyneo.slack.testsupport.FakeSlack.Channel;
import com.certyneo.slack.testsupport.Installations;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Puts installations and queued deliveries into the real database with plain SQL, the way the intake does
 * (webhook_event + delivery), optionally followed by NOTIFY delivery_queued like another replica's intake.
 */
@ApplicationScoped
public class DeliveryFixtures {

    static final Duration DB = Duration.ofSeconds(10);

    private final Pool pool;

    public DeliveryFixtures(Pool pool) {
        this.pool = pool;
    }

    /**
     * A fresh public channel on the fake Slack (the bot a member, the only channel listed) and a connected
     * installation of the fake's team posting there with the fake's valid bot token.
     */
    public Installed installOnFreshChannel(FakeSlack slack, String idPrefix, String name) {
        String channel = channel(idPrefix);
        slack.setChannels(List.of(Channel.publicChannel(channel, name, true)));
        return install(FakeSlack.TEAM_ID, channel, FakeSlack.BOT_TOKEN);
    }

    /** A connected installation of team {@code teamId} posting to {@code channelId} with {@code token}. */
    public Installed install(String teamId, String channelId, String token) {
        Installations.Installed row = Installations.connected("acc_" + UUID.randomUUID().toString().substring(0, 8))
                .team(teamId, "Team").channel(channelId, "chan").token(token).insert();
        return new Installed(row.id(), row.accountId(), row.teamId(), row.channelId());
    }

    public record Installed(UUID id, String accountId, String teamId, String channelId) {
    }

    /** Queues an event of {@code type} whose envelope is titled {@code title}; returns the delivery id. */
    public long enqueue(Installed inst, String type, String title, boolean notify) {
        return enqueue(inst, type, payload(title, "Alice Dupont", "alice@acme.example", "pending"), notify);
    }

    public long enqueue(Installed inst, String type, JsonObject payload, boolean notify) {
        return enqueue(inst, type, payload.encode(), envelopeId(payload), notify, null, 0);
    }

    /** Queues an event whose stored body is {@code body} as it is, JSON or not (a row written by another version). */
    public long enqueueStored(Installed inst, String type, String body) {
        return enqueue(inst, type, body, "env_stored", true, null, 0);
    }

    /** Queues an event already claimed by {@code leaseOwner} for {@code leaseSeconds} (a replica that died). */
    public long enqueueClaimed(Installed inst, String title, String leaseOwner, double leaseSeconds) {
        JsonObject payload = payload(title, "Alice Dupont", "alice@acme.example", "pending");
        return enqueue(inst, "envelope.sent", payload.encode(), envelopeId(payload), false, leaseOwner, leaseSeconds);
    }

    private long enqueue(Installed inst, String type, String body, String envelopeId, boolean notify,
            String leaseOwner, double leaseSeconds) {
        String eventId = "evt_" + UUID.randomUUID();
        return pool.withTransaction(conn -> conn.preparedQuery("""
                insert into webhook_event (event_id, account_id, event_type, webhook_id, created_at, envelope_id,
                                           payload)
                values ($1, $2, $3, $4, now(), $5, $6)""")
                .execute(Tuple.of(eventId, inst.accountId(), type, "msg_" + eventId, envelopeId, body))
                .chain(() -> conn.preparedQuery("""
                        insert into delivery (event_id, installation_id, account_id, team_id, channel_id, event_type,
                                              lease_owner, lease_until)
                        values ($1, $2, $3, $4, $5, $6, $7,
                                case when $7::text is null then null
                                     else clock_timestamp() + make_interval(secs => $8) end)
                        returning id""")
                        .execute(Tuple.from(java.util.Arrays.asList(eventId, inst.id(), inst.accountId(),
                                inst.teamId(), inst.channelId(), type, leaseOwner, leaseSeconds))))
                .chain(rows -> {
                    long id = rows.iterator().next().getLong("id");
                    return notify
                            ? conn.preparedQuery("select pg_notify('delivery_queued', $1)")
                                    .execute(Tuple.of(String.valueOf(id))).map(r -> id)
                            : io.smallrye.mutiny.Uni.createFrom().item(id);
                }))
                .await().atMost(DB);
    }

    /** The envelope id the intake stores beside the body. */
    private static String envelopeId(JsonObject payload) {
        JsonObject data = payload.getJsonObject("data", payload);
        JsonObject envelope = data.getJsonObject("envelope");
        return envelope == null ? null : envelope.getString("id");
    }

    /** A stored event body like the intake's: Certyneo's envelope with one signer under {@code data}. */
    public static JsonObject payload(String title, String signerName, String signerEmail, String status) {
        JsonObject signer = new JsonObject().put("id", "rcp_1").put("name", signerName).put("email", signerEmail)
                .put("status", status);
        JsonObject envelope = new JsonObject().put("id", "env_1").put("title", title)
                .put("url", "https://app.certyneo.com/envelopes/env_1")
                .put("sender", new JsonObject().put("name", "Claire Martin").put("email", "claire@certyneo.example"))
                .put("signers", new JsonArray().add(signer));
        JsonObject recipient = new JsonObject().put("id", "rcp_1").put("name", signerName).put("email", signerEmail);
        return new JsonObject().put("data", new JsonObject().put("envelope", envelope).put("recipient", recipient));
    }

    public Row delivery(long id) {
        return one("select * from delivery where id = $1", Tuple.of(id));
    }

    public Row installation(UUID id) {
        return one("select * from installation where id = $1", Tuple.of(id));
    }

    public List<Row> attempts(long deliveryId) {
        return rows("select * from delivery_attempt where delivery_id = $1 order by id", Tuple.of(deliveryId));
    }

    public Row one(String sql, Tuple args) {
        List<Row> rows = rows(sql, args);
        return rows.isEmpty() ? null : rows.get(0);
    }

    public List<Row> rows(String sql, Tuple args) {
        List<Row> out = new ArrayList<>();
        pool.preparedQuery(sql).execute(args).await().atMost(DB).forEach(out::add);
        return out;
    }

    public int update(String sql, Tuple args) {
        return pool.preparedQuery(sql).execute(args).await().atMost(DB).rowCount();
    }

    public static String channel(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase();
    }
}
