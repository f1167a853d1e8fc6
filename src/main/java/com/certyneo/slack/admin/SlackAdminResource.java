package com.certyneo.slack.admin;

import static com.certyneo.slack.admin.AccountAccess.ACCOUNT_ID;
import static com.certyneo.slack.admin.AccountAccess.NOT_AN_ACCOUNT;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import com.certyneo.slack.admin.AdminDtos.InstallRequest;
import com.certyneo.slack.installation.InstallationRepository;
import com.certyneo.slack.installation.InstallationRoutes;
import com.certyneo.slack.installation.InstallationStatus;
import com.certyneo.slack.installation.SlackWorkspace;
import com.certyneo.slack.installation.SlackWorkspace.TestOutcome;
import com.certyneo.slack.slackapp.InstallLinks;
import com.certyneo.slack.slackapp.InstallLinks.InstallLink;

import io.quarkus.security.PermissionsAllowed;
import io.smallrye.mutiny.Uni;

/** Admin API (SPEC section 4): status, install link, test message, disconnect. */
@Path("/api/v1/accounts/{acc}/slack")
@PermissionsAllowed(AccountAccess.ACT_ON_ACCOUNT)
@Produces(MediaType.APPLICATION_JSON)
public class SlackAdminResource {

    private final InstallationRepository installations;
    private final InstallLinks installLinks;
    private final SlackWorkspace workspace;
    private final InstallationRoutes routes;

    public SlackAdminResource(InstallationRepository installations, InstallLinks installLinks,
            SlackWorkspace workspace, InstallationRoutes routes) {
        this.installations = installations;
        this.routes = routes;
        this.installLinks = installLinks;
        this.workspace = workspace;
    }

    @GET
    public Uni<RestResponse<InstallationStatus>> status(
            @PathParam("acc") @Pattern(regexp = ACCOUNT_ID, message = NOT_AN_ACCOUNT) String acc) {
        return installations.findByAccount(acc)
                .chain(routes::status).map(RestResponse::ok);
    }

    @POST
    @Path("/install")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<InstallLink>> install(
            @PathParam("acc") @Pattern(regexp = ACCOUNT_ID, message = NOT_AN_ACCOUNT) String acc,
            @Valid @NotNull InstallRequest body) {
        return installLinks.create(acc, body.returnUrl()).map(RestResponse::ok);
    }

    @POST
    @Path("/test")
    public Uni<RestResponse<TestOutcome>> test(
            @PathParam("acc") @Pattern(regexp = ACCOUNT_ID, message = NOT_AN_ACCOUNT) String acc) {
        return workspace.sendTest(acc).map(RestResponse::ok);
    }

    @DELETE
    public Uni<RestResponse<Void>> disconnect(
            @PathParam("acc") @Pattern(regexp = ACCOUNT_ID, message = NOT_AN_ACCOUNT) String acc) {
        return workspace.disconnect(acc).map(v -> RestResponse.noContent());
    }
}
