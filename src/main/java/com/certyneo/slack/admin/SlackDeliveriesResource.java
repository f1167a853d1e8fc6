package com.certyneo.slack.admin;

import static com.certyneo.slack.admin.AccountAccess.ACCOUNT_ID;
import static com.certyneo.slack.admin.AccountAccess.NOT_AN_ACCOUNT;

import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import com.certyneo.slack.admin.DeliveryAudit.Item;
import com.certyneo.slack.platform.Page;

import io.quarkus.security.PermissionsAllowed;
import io.smallrye.mutiny.Uni;

/** Admin API (SPEC section 4): the account's delivery audit trail, newest first. */
@Path("/api/v1/accounts/{acc}/slack/deliveries")
@PermissionsAllowed(AccountAccess.ACT_ON_ACCOUNT)
@Produces(MediaType.APPLICATION_JSON)
public class SlackDeliveriesResource {

    private static final String DEFAULT_LIMIT = "50";

    private final DeliveryAudit audit;

    public SlackDeliveriesResource(DeliveryAudit audit) {
        this.audit = audit;
    }

    /**
     * @param cursor a delivery id (the previous page's {@code next_cursor}); 18 digits at most, so it fits a long
     * @param limit 1 to 200; page sizes are part of the API, not a setting, so that clients can rely on them
     */
    @GET
    public Uni<RestResponse<Page<Item>>> deliveries(
            @PathParam("acc") @Pattern(regexp = ACCOUNT_ID, message = NOT_AN_ACCOUNT) String acc,
            @QueryParam("cursor") @Pattern(regexp = "^([1-9][0-9]{0,17})?$", message = "is not one this API returned") String cursor,
            @QueryParam("limit") @DefaultValue(DEFAULT_LIMIT) @Pattern(regexp = "^([1-9][0-9]?|1[0-9]{2}|200)?$", message = "must be a number from 1 to 200") String limit) {
        return audit.page(acc, cursor == null || cursor.isEmpty() ? null : Long.valueOf(cursor),
                Integer.parseInt(limit.isEmpty() ? DEFAULT_LIMIT : limit)).map(RestResponse::ok);
    }
}
