package com.certyneo.slack.slackapp;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Pattern;

import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;

import com.certyneo.slack.installation.OAuthInstaller;
import com.certyneo.slack.platform.ProblemException;
import com.certyneo.slack.slackapi.SlackConfig;
import com.certyneo.slack.slackapp.OAuthStates.Lookup;

import io.smallrye.mutiny.Uni;

/**
 * Slack OAuth v2 for the browser (SPEC section 5). {@code /slack/install} turns a ticket into a state cookie and
 * sends the browser to Slack; {@code /slack/oauth/callback} accepts only a known, unexpired, unused state equal to
 * that cookie, then exchanges the code. Failures before the state is trusted are 400s that redirect nowhere;
 * later ones redirect to the ticket's return URL with {@code slack=error&reason=…}. Nothing is stored on failure.
 */
@Path("/slack")
public class SlackOAuthResource {

    private static final Logger LOG = Logger.getLogger(SlackOAuthResource.class);
    public static final String STATE_COOKIE = "__Host-certyneo_slack_state";
    static final String SCOPES = "chat:write,channels:read";
    /** Tickets and states are ours (base64url); anything else is refused before any lookup. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,100}");

    private final OAuthStates states;
    private final OAuthInstaller installer;
    private final InstallLinks links;
    private final SlackConfig slack;

    public SlackOAuthResource(OAuthStates states, OAuthInstaller installer, InstallLinks links, SlackConfig slack) {
        this.states = states;
        this.installer = installer;
        this.links = links;
        this.slack = slack;
    }

    @GET
    @Path("/install")
    public Uni<RestResponse<Object>> install(@QueryParam("ticket") String ticket) {
        if (ticket == null || !TOKEN.matcher(ticket).matches()) {
            throw ProblemException.badRequest("ticket", "This install link is incomplete; start again from "
                    + "Certyneo's Settings → Integrations.");
        }
        return states.open(ticket).map(lookup -> switch (lookup.outcome()) {
            case OK -> RestResponse.ResponseBuilder.seeOther(authorizeUrl(lookup.state()))
                    .status(302).cookie(stateCookie(lookup.state(), (int) (lookup.expiresAt().toEpochSecond()
                            - java.time.Instant.now().getEpochSecond())))
                    .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
            case EXPIRED -> back(lookup.returnUrl(), "error&reason=link_expired");
            case ALREADY_USED -> back(lookup.returnUrl(), "error&reason=link_already_used");
            case UNKNOWN -> throw ProblemException.badRequest("ticket", "Unknown install link; start again from "
                    + "Certyneo's Settings → Integrations.");
        });
    }

    @GET
    @Path("/oauth/callback")
    public Uni<RestResponse<Object>> callback(@QueryParam("code") String code, @QueryParam("state") String state,
            @QueryParam("error") String error, @CookieParam(STATE_COOKIE) String cookie) {
        if (state == null || state.isEmpty()) {
            // Started from Slack's side (app directory): we do not know which Certyneo account it is for.
            return Uni.createFrom().item(RestResponse.ResponseBuilder.ok((Object) InstallPage.FROM_SLACK,
                    MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).build());
        }
        if (cookie == null || !TOKEN.matcher(state).matches()
                || !MessageDigest.isEqual(cookie.getBytes(StandardCharsets.UTF_8),
                        state.getBytes(StandardCharsets.UTF_8))) {
            throw ProblemException.badRequest("state", "This Slack authorization was not started in this browser; "
                    + "start again from Certyneo's Settings → Integrations.");
        }
        return states.consume(state).flatMap(lookup -> switch (lookup.outcome()) {
            case UNKNOWN -> throw ProblemException.badRequest("state", "Unknown Slack authorization; start again "
                    + "from Certyneo's Settings → Integrations.");
            case EXPIRED -> done(lookup, "error&reason=state_expired");
            case ALREADY_USED -> done(lookup, "error&reason=state_already_used");
            case OK -> finish(lookup, code, error);
        });
    }

    private Uni<RestResponse<Object>> finish(Lookup lookup, String code, String error) {
        if (error != null) {
            String reason = "access_denied".equals(error) ? "access_denied" : "slack_error";
            return done(lookup, "error&reason=" + reason);
        }
        if (code == null || code.isBlank() || code.length() > 500) {
            return done(lookup, "error&reason=missing_code");
        }
        return installer.complete(lookup.accountId(), code, links.redirectUri())
                .map(outcome -> outcome.isConnected() ? "connected" : "error&reason=" + encode(outcome.reason()))
                .onFailure().recoverWithItem(failure -> {
                    LOG.errorf("Slack install for account %s could not be stored: %s", lookup.accountId(),
                            failure.getClass().getSimpleName());
                    return "error&reason=internal_error";
                })
                .map(query -> back(lookup.returnUrl(), query));
    }

    private Uni<RestResponse<Object>> done(Lookup lookup, String query) {
        return Uni.createFrom().item(back(lookup.returnUrl(), query));
    }

    private static RestResponse<Object> back(String returnUrl, String query) {
        return RestResponse.ResponseBuilder.create(RestResponse.Status.FOUND)
                .location(URI.create(UrlPrefixPolicy.withQuery(returnUrl, "slack=" + query)))
                .cookie(stateCookie("", 0)).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    private URI authorizeUrl(String state) {
        return URI.create(slack.authorizeUrl() + (slack.authorizeUrl().contains("?") ? "&" : "?")
                + "client_id=" + encode(slack.clientId().orElse("")) + "&scope=" + encode(SCOPES)
                + "&redirect_uri=" + encode(links.redirectUri()) + "&state=" + encode(state));
    }

    /** HttpOnly, Secure, SameSite=Lax (Lax: Slack's redirect back is a top-level GET navigation). */
    private static NewCookie stateCookie(String value, int maxAgeSeconds) {
        return new NewCookie.Builder(STATE_COOKIE).value(value).path("/").maxAge(Math.max(0, maxAgeSeconds))
                .httpOnly(true).secure(true).sameSite(NewCookie.SameSite.LAX).build();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
