package com.certyneo.slack.admin;

import static com.certyneo.slack.admin.AccountAccess.ACCOUNT_ID;
import static com.certyneo.slack.admin.AccountAccess.NOT_AN_ACCOUNT;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

import com.certyneo.slack.admin.AdminDtos.ChannelRequest;
import com.certyneo.slack.admin.AdminDtos.EventsRequest;
import com.certyneo.slack.event.EventType;
import com.certyneo.slack.installation.InstallationRepository;
import com.certyneo.slack.installation.InstallationSettings;
import com.certyneo.slack.installation.InstallationStatus;
import com.certyneo.slack.installation.SlackWorkspace;
import com.certyneo.slack.installation.SlackWorkspace.ChannelChoice;
import com.certyneo.slack.installation.SlackWorkspace.ChannelItem;
import com.certyneo.slack.platform.Page;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.security.PermissionsAllowed;
import io.smallrye.mutiny.Uni;

/** Admin API (SPEC section 4): channel picker, channel choice, ticked events, message settings. */
@Path("/api/v1/accounts/{acc}/slack")
@PermissionsAllowed(AccountAccess.ACT_ON_ACCOUNT)
@Produces(MediaType.APPLICATION_JSON)
public class SlackSettingsResource {

    private final InstallationRepository installations;
    private final SlackWorkspace workspace;

    public SlackSettingsResource(InstallationRepository installations, SlackWorkspace workspace) {
        this.installations = installations;
        this.workspace = workspace;
    }

    @GET
    @Path("/channels")
    public Uni<RestResponse<Page<ChannelItem>>> channels(
            @PathParam("acc") @Pattern(regexp = ACCOUNT_ID, message = NOT_AN_ACCOUNT) String acc,
            @QueryParam("cursor") @Pattern(regexp = "^[A-Za-z0-9=_%:+/-]{0,500}$", message = "is not one this API returned") String cursor) {
        return workspace.channels(acc, cursor).map(RestResponse::ok);
    }

    @PUT
    @Path("/channel")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<ChannelChoice>> channel(
            @PathParam("acc") @Pattern(regexp = ACCOUNT_ID, message = NOT_AN_ACCOUNT) String acc,
            @Valid @NotNull ChannelRequest body) {
        return workspace.pickChannel(acc, body.channelId()).map(RestResponse::ok);
    }

    @PUT
    @Path("/settings")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(description = "A partial update: keys left out keep their value. layout: message_per_event "
            + "(default) or thread_per_envelope; locale: en (default) or fr; digest: merge bursts of "
            + "digest.after (3-100, default 10) or more waiting messages (default off). Not applied in thread layout.", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = InstallationSettings.class), examples = {
                    @ExampleObject(name = "threads", summary = "One thread per envelope", value = "{\"layout\": \"thread_per_envelope\"}"),
                    @ExampleObject(name = "french-digest", summary = "French, bursts merged from 20 waiting", value = "{\"locale\": \"fr\", \"digest\": {\"enabled\": true, \"after\": 20}}")}))
    @APIResponse(responseCode = "200", description = "The full settings after the change.", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = InstallationSettings.class), examples = @ExampleObject(name = "settings", value = "{\"layout\": \"message_per_event\", \"locale\": \"fr\", \"digest\": {\"enabled\": true, \"after\": 20}}")))
    public Uni<RestResponse<InstallationSettings>> settings(
            @PathParam("acc") @Pattern(regexp = ACCOUNT_ID, message = NOT_AN_ACCOUNT) String acc,
            JsonNode body) {
        return Uni.createFrom().item(() -> SettingsRequest.read(body))
                .chain(change -> installations.setSettings(acc, change))
                .map(saved -> RestResponse.ok(saved.settings()));
    }

    @PUT
    @Path("/events")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<InstallationStatus>> events(
            @PathParam("acc") @Pattern(regexp = ACCOUNT_ID, message = NOT_AN_ACCOUNT) String acc,
            @Valid @NotNull EventsRequest body) {
        return installations.setEvents(acc, EventType.canonical(
                body.events().stream().map(name -> EventType.fromWire(name).orElseThrow()).toList()))
                .map(saved -> RestResponse.ok(InstallationStatus.of(saved)));
    }
}
