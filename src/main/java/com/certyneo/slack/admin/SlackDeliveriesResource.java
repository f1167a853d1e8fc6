package com.certyneo.slack.admin;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import com.certyneo.slack.admin.AdminDtos.Page;
import com.certyneo.slack.admin.DeliveryAudit.Item;
import com.certyneo.slack.installation.InstallationConfig;
import com.certyneo.slack.platform.ProblemException;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** Admin API (SPEC section 4): the account's delivery audit trail, newest first. */
@Path("/api/v1/accounts/{acc}/slack/deliveries")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class SlackDeliveriesResource {

    private final SecurityIdentity identity;
    private final AccountAccess access;
    private final DeliveryAudit audit;
    private final InstallationConfig config;

    public SlackDeliveriesResource(SecurityIdentity identity, AccountAccess access, DeliveryAudit audit,
            InstallationConfig config) {
        this.identity = identity;
        this.access = access;
        this.audit = audit;
        this.config = config;
    }

    @GET
    public Uni<RestResponse<Page<Item>>> deliveries(@PathParam("acc") String acc, @QueryParam("cursor") String cursor,
            @QueryParam("limit") String limit) {
        access.require(identity, acc);
        return audit.page(acc, cursor(cursor), limit(limit)).map(RestResponse::ok);
    }

    private static Long cursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            long value = Long.parseLong(cursor);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ProblemException.badRequest("cursor", "The cursor is not one this API returned.");
    }

    private int limit(String limit) {
        if (limit == null || limit.isEmpty()) {
            return config.deliveriesDefaultLimit();
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= config.deliveriesMaxLimit()) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ProblemException.badRequest("limit", "limit must be a number from 1 to " + config.deliveriesMaxLimit()
                + ".");
    }
}
