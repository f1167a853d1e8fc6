package com.certyneo.slack.delivery;

import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * A channel's deliveries are held: the installation's health says so, naming the channel and what to do, on the
 * caller's connection. Implemented by installation, which knows channel names and the bot's name.
 */
public interface ChannelAttention {

    /**
     * Slack answered {@code code} (not_in_channel, channel_not_found, is_archived) for {@code channelId}, whose name
     * when the event was accepted was {@code channelName} (null when unknown).
     */
    Uni<Void> held(SqlClient conn, UUID installationId, String channelId, String channelName, String code);
}
