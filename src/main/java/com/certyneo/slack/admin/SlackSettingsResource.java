package com.certyneo.slack.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import com.certyneo.slack.admin.AdminDtos.ChannelChoice;
import com.certyneo.slack.admin.AdminDtos.ChannelItem;
import com.certyneo.slack.admin.AdminDtos.ChannelRequest;
import com.certyneo.slack.admin.AdminDtos.EventsRequest;
import com.certyneo.slack.admin.AdminDtos.Page;
import com.certyneo.slack.event.EventType;
import com.certyneo.slack.installation.InstallationRepository;
import com.certyneo.slack.installation.InstallationStatus;
import com.certyneo.slack.installation.SlackWorkspace;
import com.certyneo.slack.platform.ProblemException;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** Admin API (SPEC section 4): channel picker, channel choice, ticked events. */
@Path("/api/v1/accounts/{acc}/slack")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class SlackSettingsResource {

    private static final Pattern CHANNEL_ID = Pattern.compile("[CG][A-Z0-9]{2,30}");
    private static final Pattern CURSOR = Pattern.compile("[A-Za-z0-9=_%:+/-]{1,500}");

    private final SecurityIdentity identity;
    private final AccountAccess access;
    private final InstallationRepository installations;
    private final SlackWorkspace workspace;

    public SlackSettingsResource(SecurityIdentity identity, AccountAccess access, InstallationRepository installations,
            SlackWorkspace workspace) {
        this.identity = identity;
        this.access = access;
        this.installations = installations;
        this.workspace = workspace;
    }

    @GET
    @Path("/channels")
    public Uni<RestResponse<Page<ChannelItem>>> channels(@PathParam("acc") String acc,
            @QueryParam("cursor") String cursor) {
        access.require(identity, acc);
        if (cursor != null && !cursor.isEmpty() && !CURSOR.matcher(cursor).matches()) {
            throw ProblemException.badRequest("cursor", "The cursor is not one this API returned.");
        }
        return workspace.channels(acc, cursor).map(RestResponse::ok);
    }

    @PUT
    @Path("/channel")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<ChannelChoice>> channel(@PathParam("acc") String acc, ChannelRequest request) {
        access.require(identity, acc);
        String channelId = request == null ? null : request.channelId();
        if (channelId == null || !CHANNEL_ID.matcher(channelId).matches()) {
            throw ProblemException.badRequest("channel_id", "channel_id must be a Slack channel id such as C0123ABCD.");
        }
        return workspace.pickChannel(acc, channelId).map(RestResponse::ok);
    }

    @PUT
    @Path("/events")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<InstallationStatus>> events(@PathParam("acc") String acc, EventsRequest request) {
        access.require(identity, acc);
        if (request == null || request.events() == null) {
            throw ProblemException.badRequest("events", "events must be a list of event types.");
        }
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < request.events().size(); i++) {
            String name = request.events().get(i);
            if (name == null) {
                throw ProblemException.badRequest("events[" + i + "]", "events must hold event type names, not null.");
            }
            if (!EventType.isKnown(name)) {
                String shown = String.valueOf(name);
                unknown.add(shown.length() > 60 ? shown.substring(0, 60) + "…" : shown);
            }
        }
        if (!unknown.isEmpty()) {
            List<String> shown = unknown.size() > 10 ? unknown.subList(0, 10) : unknown;
            throw ProblemException.badRequest("events", "Unknown event type(s): " + String.join(", ", shown)
                    + (unknown.size() > shown.size() ? " and " + (unknown.size() - shown.size()) + " more" : "")
                    + ". Known: " + String.join(", ", EventType.wireNames()) + ".");
        }
        return installations.setEvents(acc,
                EventType.canonical(
                        request.events().stream().map(name -> EventType.fromWire(name).orElseThrow()).toList()))
                .map(saved -> RestResponse.ok(InstallationStatus.of(saved)));
    }
}
