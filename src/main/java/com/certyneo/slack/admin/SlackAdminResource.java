package com.certyneo.slack.admin;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import com.certyneo.slack.admin.AdminDtos.InstallLink;
import com.certyneo.slack.admin.AdminDtos.InstallRequest;
import com.certyneo.slack.admin.AdminDtos.TestOutcome;
import com.certyneo.slack.installation.InstallationRepository;
import com.certyneo.slack.installation.InstallationStatus;
import com.certyneo.slack.installation.SlackWorkspace;
import com.certyneo.slack.slackapp.InstallLinks;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** Admin API (SPEC section 4): status, install link, test message, disconnect. */
@Path("/api/v1/accounts/{acc}/slack")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class SlackAdminResource {

    private final SecurityIdentity identity;
    private final AccountAccess access;
    private final InstallationRepository installations;
    private final InstallLinks installLinks;
    private final SlackWorkspace workspace;

    public SlackAdminResource(SecurityIdentity identity, AccountAccess access, InstallationRepository installations,
            InstallLinks installLinks, SlackWorkspace workspace) {
        this.identity = identity;
        this.access = access;
        this.installations = installations;
        this.installLinks = installLinks;
        this.workspace = workspace;
    }

    @GET
    public Uni<RestResponse<InstallationStatus>> status(@PathParam("acc") String acc) {
        access.require(identity, acc);
        return installations.findByAccount(acc)
                .map(installation -> RestResponse.ok(InstallationStatus.of(installation)));
    }

    @POST
    @Path("/install")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<InstallLink>> install(@PathParam("acc") String acc, InstallRequest request) {
        access.require(identity, acc);
        return installLinks.create(acc, request == null ? null : request.returnUrl()).map(RestResponse::ok);
    }

    @POST
    @Path("/test")
    public Uni<RestResponse<TestOutcome>> test(@PathParam("acc") String acc) {
        access.require(identity, acc);
        return workspace.sendTest(acc).map(RestResponse::ok);
    }

    @DELETE
    public Uni<RestResponse<Void>> disconnect(@PathParam("acc") String acc) {
        access.require(identity, acc);
        return workspace.disconnect(acc).map(v -> RestResponse.noContent());
    }
}
