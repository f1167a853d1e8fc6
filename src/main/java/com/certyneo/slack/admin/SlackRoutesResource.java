package com.certyneo.slack.admin;

import static com.certyneo.slack.admin.AccountAccess.ACCOUNT_ID;
import static com.certyneo.slack.admin.AccountAccess.NOT_AN_ACCOUNT;

import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

import com.certyneo.slack.admin.AdminDtos.RoutesRequestBody;
import com.certyneo.slack.installation.SlackRoutes;
import com.certyneo.slack.installation.SlackRoutes.RoutesChoice;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.security.PermissionsAllowed;
import io.smallrye.mutiny.Uni;

/** Admin API (SPEC section 4): per-event routes to other public channels than the installation's. */
@Path("/api/v1/accounts/{acc}/slack")
@PermissionsAllowed(AccountAccess.ACT_ON_ACCOUNT)
@Produces(MediaType.APPLICATION_JSON)
public class SlackRoutesResource {

    private final SlackRoutes routes;

    public SlackRoutesResource(SlackRoutes routes) {
        this.routes = routes;
    }

    @PUT
    @Path("/routes")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(description = "Replaces the routes: each listed event type goes to its channel (checked like PUT "
            + "…/channel: public, not archived); the others go to the installation's channel; {} clears them. "
            + "Applies to the next webhook.", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RoutesRequestBody.class), examples = {
                    @ExampleObject(name = "legal-and-sales", summary = "Declined to #legal, completed to #sales", value = "{\"routes\": {\"envelope.declined\": \"C0LEGAL\", \"envelope.completed\": \"C0SALES\"}}"),
                    @ExampleObject(name = "clear", summary = "Every event to the installation's channel", value = "{\"routes\": {}}")}))
    @APIResponse(responseCode = "200", description = "The stored routes, each with the bot's membership and, when it is "
            + "not a member, how to invite it.", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RoutesChoice.class), examples = @ExampleObject(name = "routes", value = "{\"routes\": {\"envelope.completed\": {\"id\": \"C0SALES\", \"name\": \"sales\", \"is_member\": true, \"action\": null}, "
                    + "\"envelope.declined\": {\"id\": \"C0LEGAL\", \"name\": \"legal\", \"is_member\": false, \"action\": \"The bot is not in #legal yet: in Slack, open #legal and type /invite @Certyneo — messages cannot be posted until then.\"}}}")))
    public Uni<RestResponse<RoutesChoice>> routes(
            @PathParam("acc") @Pattern(regexp = ACCOUNT_ID, message = NOT_AN_ACCOUNT) String acc,
            JsonNode body) {
        return Uni.createFrom().item(() -> RoutesRequest.read(body))
                .chain(wanted -> routes.replace(acc, wanted))
                .map(RestResponse::ok);
    }
}
