package com.certyneo.slack.installation;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class InstallationRepository implements PanacheRepositoryBase<Installation, UUID> {

    public Uni<Installation> findByAccount(String accountId) {
        return find("accountId", accountId).firstResult();
    }

    public Uni<Installation> findConnectedByTeam(String teamId) {
        return find("teamId = ?1 and status = ?2", teamId, Installation.CONNECTED).firstResult();
    }
}
