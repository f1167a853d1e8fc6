package com.certyneo.slack.delivery;

import java.util.UUID;

import io.smallrye.mutiny.Uni;

/**
 * Ends an installation whose token Slack rejected while a message was being sent. Implemented by the installation
 * feature (which owns that rule for every path: Slack events, admin calls, delivery), declared here so that
 * delivery does not depend on it.
 */
public interface InstallationRevoker {

    /** Status and health {@code revoked}, token erased, queued deliveries cancelled: all in one transaction. */
    Uni<Void> revoke(UUID installationId, String reason);
}
