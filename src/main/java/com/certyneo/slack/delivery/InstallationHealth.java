package com.certyneo.slack.delivery;

import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/** A delivery's outcome tells its installation's health, on the caller's connection; implemented by installation. */
public interface InstallationHealth {

    /** Slack took a message: a "needs attention" left by an earlier failure is cleared. */
    Uni<Void> healthy(SqlClient conn, UUID installationId);

    /** A permanent channel problem (bot not invited, channel archived…) needs a human. */
    Uni<Void> needsAttention(SqlClient conn, UUID installationId, String reason);
}
