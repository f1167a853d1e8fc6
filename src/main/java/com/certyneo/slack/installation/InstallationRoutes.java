package com.certyneo.slack.installation;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.certyneo.slack.delivery.ChannelReason;
import com.certyneo.slack.delivery.HeldDeliveries;
import com.certyneo.slack.event.EventType;
import com.certyneo.slack.installation.InstallationStatus.Channel;
import com.certyneo.slack.platform.ProblemException;
import com.certyneo.slack.slackapi.SlackChannel;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Every write of {@code installation_route}: per-event channels that override the installation's own (SPEC section 4).
 * The intake reads them in its own statement ({@code QueueSql.DECIDE_AND_STORE}); here they are replaced as a set,
 * under the installation's row lock, and read for the status. A class of its own beside {@link InstallationRepository},
 * which writes the installation row (health included) for it.
 */
@ApplicationScoped
public class InstallationRoutes {

    private static final String READ = "select event_type, channel_id, channel_name from installation_route "
            + "where installation_id = $1";
    private static final String LOCK = "select id, status, token_ciphertext is not null as has_token, channel_id, "
            + "channel_name, health, health_reason from installation where account_id = $1 for update";
    private static final String DROP = "delete from installation_route where installation_id = $1 "
            + "and not (event_type = any($2))";
    private static final String UPSERT = "insert into installation_route (installation_id, event_type, channel_id, "
            + "channel_name) select $1, t.* from unnest($2::text[], $3::text[], $4::text[]) as t "
            + "on conflict (installation_id, event_type) do update "
            + "set channel_id = excluded.channel_id, channel_name = excluded.channel_name";
    private static final String CLEAR = "delete from installation_route where installation_id = $1";

    private final Pool pool;
    private final InstallationRepository installations;
    private final HeldDeliveries held;

    public InstallationRoutes(Pool pool, InstallationRepository installations, HeldDeliveries held) {
        this.pool = pool;
        this.installations = installations;
        this.held = held;
    }

    /** Held deliveries of {@code types} to move from one channel to another once the new routes are committed. */
    private record Move(UUID installationId, String from, String to, Set<String> types) {
    }

    /** {@code GET …/slack}: the installation with its routes. */
    public Uni<InstallationStatus> status(Installation installation) {
        if (installation == null || Installation.DISCONNECTED.equals(installation.status)) {
            return Uni.createFrom().item(InstallationStatus.notConnected());
        }
        return read(pool, installation.id).map(routes -> InstallationStatus.of(installation, wire(routes)));
    }

    /**
     * Replaces the account's routes with {@code routes} (checked channels) under the installation's row lock; answers
     * the stored set. A "needs attention" naming a channel that no route nor the installation uses any more is
     * cleared, as picking another channel clears it.
     */
    Uni<Map<String, Channel>> replace(String accountId, Map<EventType, SlackChannel> routes) {
        String[] types = routes.keySet().stream().map(EventType::wire).toArray(String[]::new);
        String[] ids = routes.values().stream().map(SlackChannel::id).toArray(String[]::new);
        String[] names = routes.values().stream().map(SlackChannel::name).toArray(String[]::new);
        List<Move> moves = new ArrayList<>();
        return pool.withTransaction(conn -> conn.preparedQuery(LOCK).execute(Tuple.of(accountId)).flatMap(rows -> {
            Row row = rows.size() == 0 ? null : rows.iterator().next();
            if (row == null || !Installation.CONNECTED.equals(row.getString("status"))
                    || !row.getBoolean("has_token")) {
                throw ProblemException.conflict("Slack is not connected for this account; connect it first.");
            }
            UUID id = row.getUUID("id");
            return read(conn, id).flatMap(before -> {
                Map<EventType, Channel> after = new EnumMap<>(EventType.class);
                routes.forEach((type, channel) -> after.put(type, new Channel(channel.id(), channel.name())));
                moves.addAll(moves(id, row.getString("channel_id"), before, after));
                return conn.preparedQuery(DROP).execute(Tuple.of(id, types))
                        .chain(() -> conn.preparedQuery(UPSERT).execute(Tuple.of(id, types, ids, names)))
                        .chain(() -> stillUsed(row, after)
                                ? Uni.createFrom().voidItem()
                                : installations.setHealth(conn, id, Installation.HEALTH_OK, null))
                        .replaceWith(wire(after));
            });
        })).call(() -> Multi.createFrom().iterable(moves)
                // held deliveries (SPEC section 7) of each event type whose channel changed follow it, in order
                .onItem().transformToUniAndConcatenate(m -> held.moveHeld(m.installationId(), m.from(), m.to(),
                        m.types()))
                .collect().asList());
    }

    /** Per (old channel, new channel): the event types whose channel changes; no route means the installation's. */
    private static List<Move> moves(UUID id, String defaultChannel, Map<EventType, Channel> before,
            Map<EventType, Channel> after) {
        Map<List<String>, Set<String>> byChange = new LinkedHashMap<>();
        for (EventType type : EventType.values()) {
            String from = before.containsKey(type) ? before.get(type).id() : defaultChannel;
            String to = after.containsKey(type) ? after.get(type).id() : defaultChannel;
            if (from != null && to != null && !from.equals(to)) {
                byChange.computeIfAbsent(List.of(from, to), k -> new HashSet<>()).add(type.wire());
            }
        }
        List<Move> moves = new ArrayList<>();
        byChange.forEach((change, types) -> moves.add(new Move(id, change.get(0), change.get(1), types)));
        return moves;
    }

    /** Reinstalled into another workspace: its channels mean nothing there. */
    static Uni<Void> clear(SqlClient conn, UUID installationId) {
        return conn.preparedQuery(CLEAR).execute(Tuple.of(installationId)).replaceWithVoid();
    }

    /** False when the health reason names a channel neither a route nor the installation posts to any more. */
    private static boolean stillUsed(Row installation, Map<EventType, Channel> routes) {
        if (!Installation.HEALTH_NEEDS_ATTENTION.equals(installation.getString("health"))) {
            return true;
        }
        return ChannelReason.channelOf(installation.getString("health_reason")).map(named -> {
            Set<String> used = new HashSet<>();
            used.add(ChannelReason.label(installation.getString("channel_id"), installation.getString("channel_name")));
            routes.values().forEach(c -> used.add(ChannelReason.label(c.id(), c.name())));
            return used.contains(named);
        }).orElse(true);
    }

    private static Uni<Map<EventType, Channel>> read(SqlClient conn, UUID installationId) {
        return conn.preparedQuery(READ).execute(Tuple.of(installationId)).map(InstallationRoutes::routes);
    }

    private static Map<EventType, Channel> routes(RowSet<Row> rows) {
        Map<EventType, Channel> routes = new EnumMap<>(EventType.class);
        for (Row row : rows) {
            EventType.fromWire(row.getString("event_type")).ifPresent(type -> routes.put(type,
                    new Channel(row.getString("channel_id"), row.getString("channel_name"))));
        }
        return routes;
    }

    /** Wire names as keys, in the canonical order of the event types. */
    private static Map<String, Channel> wire(Map<EventType, Channel> routes) {
        Map<String, Channel> wire = new LinkedHashMap<>();
        routes.forEach((type, channel) -> wire.put(type.wire(), Objects.requireNonNull(channel)));
        return wire;
    }
}
