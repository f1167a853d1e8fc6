package com.certyneo.slack.installation;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code GET /api/v1/accounts/{acc}/slack}. {@code connected} is false when the account never connected,
 * disconnected, or Slack revoked the app (then {@code health} is {@code revoked} with the reason). {@code routes} maps
 * an event type to the channel that overrides the installation's own for it.
 */
@RegisterForReflection
public record InstallationStatus(boolean connected, String status, Team team, Channel channel, List<String> events,
        String health, String reason, @JsonProperty("connected_at") OffsetDateTime connectedAt,
        InstallationSettings settings, Map<String, Channel> routes) {

    @RegisterForReflection
    public record Team(String id, String name) {
    }

    @RegisterForReflection
    public record Channel(String id, String name) {
    }

    public static InstallationStatus notConnected() {
        return new InstallationStatus(false, "not_connected", null, null, List.of(), null, null, null, null, Map.of());
    }

    public static InstallationStatus of(Installation installation) {
        if (installation == null || Installation.DISCONNECTED.equals(installation.status)) {
            return notConnected();
        }
        Channel channel = installation.channelId == null
                ? null
                : new Channel(installation.channelId, installation.channelName);
        return new InstallationStatus(installation.isConnected(), installation.status,
                new Team(installation.teamId, installation.teamName), channel,
                List.copyOf(installation.eventSet()), installation.health, installation.healthReason,
                installation.connectedAt, installation.settings(), Map.of());
    }
}
