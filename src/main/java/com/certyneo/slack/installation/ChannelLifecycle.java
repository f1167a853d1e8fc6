package com.certyneo.slack.installation;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.certyneo.slack.delivery.ChannelAttention;
import com.certyneo.slack.delivery.ChannelReason;
import com.certyneo.slack.delivery.HeldDeliveries;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * What happens to a channel in Slack, as it concerns installations (SPEC sections 5 and 7): the bot joining a channel
 * and a channel being unarchived release its held deliveries; a channel archived or deleted flags the installations
 * posting there at once, and holds it, before any post fails. Only installations connected before the Slack event
 * are touched (an older event concerned the previous install). Also says, in the health reason, what to do when
 * deliveries are held.
 * <p>
 * Health reasons of a held channel are machine-readable first ({@link ChannelReason#held}): Slack's code, the channel,
 * then the fix in words, e.g. {@code not_in_channel in #sales: invite @Certyneo (/invite @Certyneo in #sales); held
 * messages follow once it joins}.
 */
@ApplicationScoped
public class ChannelLifecycle implements ChannelAttention {

    // connected installations of a workspace with a token, before an instant; $3 (nullable) their bot user
    private static final String OF_TEAM = "select id, channel_id, channel_name, health, health_reason "
            + "from installation where team_id = $1 and status = 'connected' and token_ciphertext is not null "
            + "and connected_at < $2 and ($3::text is null or bot_user_id = $3)";
    // connected installations of a workspace posting to channel $3, as their own channel or a route's, before $2
    private static final String USING = "select i.id, coalesce(case when i.channel_id = $3 then i.channel_name end, "
            + "(select r.channel_name from installation_route r where r.installation_id = i.id "
            + "and r.channel_id = $3 limit 1)) as channel_name from installation i where i.team_id = $1 "
            + "and i.status = 'connected' and i.token_ciphertext is not null and i.connected_at < $2 "
            + "and (i.channel_id = $3 or exists (select 1 from installation_route r where r.installation_id = i.id "
            + "and r.channel_id = $3))";
    private static final String ONE = "select channel_id, channel_name from installation where id = $1";

    private final InstallationRepository installations;
    private final HeldDeliveries held;
    private final InstallationConfig config;

    ChannelLifecycle(InstallationRepository installations, HeldDeliveries held, InstallationConfig config) {
        this.installations = installations;
        this.held = held;
        this.config = config;
    }

    @Override
    public Uni<Void> held(SqlClient conn, UUID installationId, String channelId, String channelName, String code) {
        return conn.preparedQuery(ONE).execute(Tuple.of(installationId)).flatMap(rows -> {
            Row row = rows.size() == 0 ? null : rows.iterator().next();
            // the name the delivery carries (a route's channel), else the installation's own channel's
            String name = channelName != null ? channelName : row == null ? null : name(row, channelId);
            return installations.setHealth(conn, installationId, Installation.HEALTH_NEEDS_ATTENTION,
                    reason(code, name, channelId, config.botDisplayName()));
        });
    }

    /**
     * Slack's member_joined_channel: when {@code userId} is the bot of an installation of the team, that
     * installation's held deliveries in the channel are released. Returns the highest id released (null: none),
     * for {@link HeldDeliveries#wake} after the commit.
     */
    public Uni<Long> joined(SqlClient conn, String teamId, String channelId, String userId, OffsetDateTime before) {
        return release(conn, teamId, channelId, userId, before);
    }

    /** Slack's channel_unarchive: every installation of the team releases its held deliveries in the channel. */
    public Uni<Long> unarchived(SqlClient conn, String teamId, String channelId, OffsetDateTime before) {
        return release(conn, teamId, channelId, null, before);
    }

    /**
     * Slack's channel_archive ({@code is_archived}) or channel_deleted ({@code channel_not_found}): installations
     * posting to the channel (their own, or a per-event route's) need attention now, and the channel is held so that
     * nothing is posted in vain.
     */
    public Uni<Void> gone(SqlClient conn, String teamId, String channelId, String code, OffsetDateTime before) {
        return conn.preparedQuery(USING).execute(Tuple.of(teamId, before, channelId)).flatMap(rows -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Row row : rows) {
                UUID id = row.getUUID("id");
                String name = row.getString("channel_name");
                chain = chain.chain(() -> held.hold(conn, id, teamId, channelId, code))
                        .chain(() -> installations.setHealth(conn, id, Installation.HEALTH_NEEDS_ATTENTION,
                                reason(code, name, channelId, config.botDisplayName())));
            }
            return chain;
        });
    }

    private Uni<Long> release(SqlClient conn, String teamId, String channelId, String botUserId,
            OffsetDateTime before) {
        return ofTeam(conn, teamId, botUserId, before).flatMap(rows -> {
            Uni<Long> chain = Uni.createFrom().nullItem();
            for (Row row : rows) {
                UUID id = row.getUUID("id");
                chain = chain.chain(highest -> held.release(conn, id, channelId)
                        .map(released -> released == null
                                ? highest
                                : highest == null
                                        ? released
                                        : Long.valueOf(Math.max(highest, released))));
                if (channelId.equals(row.getString("channel_id")) && heldThere(row)) {
                    // the channel works again: the reason it gave is gone (the first post would clear it anyway)
                    chain = chain.call(() -> installations.setHealth(conn, id, Installation.HEALTH_OK, null));
                }
            }
            return chain;
        });
    }

    private Uni<List<Row>> ofTeam(SqlClient conn, String teamId, String botUserId, OffsetDateTime before) {
        return conn.preparedQuery(OF_TEAM).execute(Tuple.of(teamId, before, botUserId)).map(rows -> {
            List<Row> list = new ArrayList<>();
            rows.forEach(list::add);
            return list;
        });
    }

    /** Whether the installation's health reason is one of a held channel's. */
    private static boolean heldThere(Row row) {
        String reason = row.getString("health_reason");
        return Installation.HEALTH_NEEDS_ATTENTION.equals(row.getString("health")) && reason != null
                && HeldDeliveries.CODES.stream().anyMatch(
                        code -> reason.equals(code) || reason.startsWith(code + " ") || reason.startsWith(code + ":"));
    }

    private static String name(Row row, String channelId) {
        String name = row.getString("channel_name");
        return channelId.equals(row.getString("channel_id")) && name != null ? name : null;
    }

    /** The health reason of a held channel: Slack's code first, the channel, then what to do. */
    static String reason(String code, String channelName, String channelId, String botName) {
        return ChannelReason.held(code, channelId, channelName, botName);
    }
}
