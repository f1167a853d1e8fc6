package com.certyneo.slack.delivery;

import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * What a delivery's outcome tells about its installation's health, written on the caller's connection (so in its
 * transaction, or pipelined with its statements). Implemented by the installation feature, which owns the table;
 * declared here so that delivery does not depend on it.
 */
public interface InstallationHealth {

    /** Slack took a message: a "needs attention" left by an earlier failure is cleared. */
    Uni<Void> healthy(SqlClient conn, UUID installationId);

    /** A permanent channel problem (bot not invited, channel archived…) needs a human. */
    Uni<Void> needsAttention(SqlClient conn, UUID installationId, String reason);
}
