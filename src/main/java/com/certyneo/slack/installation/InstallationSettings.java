package com.certyneo.slack.installation;

import java.time.OffsetDateTime;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.certyneo.slack.event.EventType;
import com.certyneo.slack.platform.ProblemException;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads an account's installation and changes what its customer admin may change: channel, events, health. */
@ApplicationScoped
public class InstallationSettings {

    private final InstallationRepository installations;
    private final Pool pool;

    public InstallationSettings(InstallationRepository installations, Pool pool) {
        this.installations = installations;
        this.pool = pool;
    }

    /** The account's installation, or null when it never connected. */
    @WithSession
    public Uni<Installation> find(String accountId) {
        return installations.findByAccount(accountId);
    }

    /** The account's connected installation; 409 when Slack is not connected. */
    @WithSession
    public Uni<Installation> requireConnected(String accountId) {
        return installations.findByAccount(accountId).map(InstallationSettings::connected);
    }

    /** Stores the picked channel; a new channel clears a "needs attention" left by the old one. */
    @WithTransaction
    public Uni<Installation> setChannel(String accountId, String channelId, String channelName) {
        return installations.findByAccount(accountId).map(InstallationSettings::connected).map(installation -> {
            installation.channelId = channelId;
            installation.channelName = channelName;
            if (Installation.HEALTH_NEEDS_ATTENTION.equals(installation.health)) {
                installation.health = Installation.HEALTH_OK;
                installation.healthReason = null;
            }
            installation.updatedAt = OffsetDateTime.now();
            return installation;
        });
    }

    /** Replaces the ticked event types; the next webhook sees the new set. */
    @WithTransaction
    public Uni<Installation> setEvents(String accountId, Set<EventType> events) {
        return installations.findByAccount(accountId).map(InstallationSettings::connected).map(installation -> {
            installation.eventSet(events);
            installation.updatedAt = OffsetDateTime.now();
            return installation;
        });
    }

    /**
     * Health after a test message: a Slack channel problem needs attention, a success clears it. Plain SQL: it
     * runs after a Slack call, possibly off the Vert.x context that a Hibernate Reactive session would need.
     */
    public Uni<Void> setHealth(String accountId, String health, String reason) {
        return pool.preparedQuery("update installation set health = $2, health_reason = $3, updated_at = now() "
                + "where account_id = $1 and status = 'connected'")
                .execute(Tuple.of(accountId, health, reason)).replaceWithVoid();
    }

    private static Installation connected(Installation installation) {
        if (installation == null || !installation.isConnected()) {
            throw ProblemException.conflict("Slack is not connected for this account; connect it first.");
        }
        return installation;
    }
}
