package com.certyneo.slack.slackapp;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.certyneo.slack.delivery.HeldDeliveries;
import com.certyneo.slack.installation.ChannelLifecycle;
import com.certyneo.slack.installation.InstallationConfig;
import com.certyneo.slack.installation.InstallationRepository;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Acts on Slack event callbacks: {@code app_uninstalled}, and {@code tokens_revoked} naming our bot user, revoke
 * the workspace's installations; {@code member_joined_channel} of our bot user and {@code channel_unarchive} release
 * the channel's held deliveries; {@code channel_archive} and {@code channel_deleted} flag the installations posting
 * there ({@link ChannelLifecycle}). The event_id receipt and the action commit together, so a Slack retry of an
 * event already handled does nothing, and a failed handling is retried by Slack. An event older than an
 * installation's connected_at does not touch it: it was about the previous install.
 */
@ApplicationScoped
public class SlackEvents {

    private static final Logger LOG = Logger.getLogger(SlackEvents.class);
    private static final Pattern SLACK_ID = Pattern.compile("[A-Z0-9]{2,32}");
    private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final Set<String> TYPES = Set.of("app_uninstalled", "tokens_revoked", "member_joined_channel",
            "channel_unarchive", "channel_archive", "channel_deleted");

    private final Pool pool;
    private final InstallationRepository installations;
    private final ChannelLifecycle channels;
    private final HeldDeliveries held;
    private final InstallationConfig config;

    public SlackEvents(Pool pool, InstallationRepository installations, ChannelLifecycle channels,
            HeldDeliveries held, InstallationConfig config) {
        this.pool = pool;
        this.installations = installations;
        this.channels = channels;
        this.held = held;
        this.config = config;
    }

    public Uni<Void> handle(JsonNode callback) {
        String eventId = callback.path("event_id").asText("");
        String teamId = callback.path("team_id").asText("");
        JsonNode event = callback.path("event");
        String type = event.path("type").asText("");
        // ids are checked for shape before they reach SQL: a signed body is Slack's, but a body's text is not trusted
        if (!EVENT_ID.matcher(eventId).matches() || !SLACK_ID.matcher(teamId).matches()
                || !TYPES.contains(type)) {
            return Uni.createFrom().voidItem();
        }
        String channel = event.path("channel").asText("");
        String user = event.path("user").asText("");
        if (type.startsWith("channel_") || type.equals("member_joined_channel")) {
            if (!SLACK_ID.matcher(channel).matches()
                    || type.equals("member_joined_channel") && !SLACK_ID.matcher(user).matches()) {
                return Uni.createFrom().voidItem();
            }
        }
        long eventTime = eventTime(callback.path("event_time"));
        // event_time is whole seconds: an install in that same second counts as older than the event
        OffsetDateTime happenedBefore = OffsetDateTime.ofInstant(Instant.ofEpochSecond(eventTime + 1), ZoneOffset.UTC);
        return pool.withTransaction(conn -> conn
                .preparedQuery("insert into slack_event_receipt (event_id) values ($1) on conflict do nothing")
                .execute(Tuple.of(eventId)).flatMap(receipt -> {
                    if (receipt.rowCount() == 0) {
                        LOG.debugf("Slack event %s already handled", eventId);
                        return Uni.createFrom().<Long>nullItem();
                    }
                    return switch (type) {
                        case "app_uninstalled" -> installations.revokeTeam(conn, teamId, null, happenedBefore,
                                "app uninstalled from Slack").map(v -> (Long) null);
                        case "tokens_revoked" -> installations.revokeTeam(conn, teamId, bots(event), happenedBefore,
                                "bot token revoked in Slack").map(v -> (Long) null);
                        case "member_joined_channel" -> channels.joined(conn, teamId, channel, user, happenedBefore);
                        case "channel_unarchive" -> channels.unarchived(conn, teamId, channel, happenedBefore);
                        case "channel_archive" -> channels.gone(conn, teamId, channel, "is_archived", happenedBefore)
                                .map(v -> (Long) null);
                        default -> channels.gone(conn, teamId, channel, "channel_not_found", happenedBefore)
                                .map(v -> (Long) null);
                    };
                })).invoke(held::wake).replaceWithVoid(); // released deliveries go now, on every replica
    }

    /** Deletes event receipts older than {@code installation.event-receipt-retention}: Slack retries for an hour. */
    @Scheduled(every = "${installation.purge-every:10m}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purgeReceipts() {
        return pool
                .preparedQuery("delete from slack_event_receipt where received_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) config.eventReceiptRetention().toSeconds())).replaceWithVoid()
                .onFailure()
                .invoke(e -> LOG.warnf("Slack event receipt purge failed: %s", e.getClass().getSimpleName()))
                .onFailure().recoverWithNull();
    }

    /** Slack's event_time (Unix seconds); anything else, e.g. out of range, counts as now. */
    private static long eventTime(JsonNode value) {
        long now = Instant.now().getEpochSecond();
        if (!value.canConvertToLong()) {
            return now;
        }
        long seconds = value.asLong(now);
        return seconds < 0 || seconds > now + 86_400 ? now : seconds;
    }

    private static String[] bots(JsonNode event) {
        List<String> ids = new ArrayList<>();
        event.path("tokens").path("bot").forEach(node -> {
            if (node.isTextual() && SLACK_ID.matcher(node.asText()).matches()) {
                ids.add(node.asText());
            }
        });
        return ids.toArray(String[]::new);
    }
}
