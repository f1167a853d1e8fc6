package com.certyneo.slack.local.sandbox;

import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The local sandbox (SPEC section 12) on the service's own port: {@code /} (the Certyneo settings page hosting the
 * settings component), {@code /sandbox/slack/...} (the Slack stand-in) and {@code /sandbox/certyneo/...} (the
 * Certyneo stand-in). Registered only when the local profile (or dev mode) is active; answers only loopback
 * clients, on top of the local profile's 127.0.0.1 binding. State is in memory and gone at restart.
 */
@ApplicationScoped
public class SandboxRoutes {

    private static final Logger LOG = Logger.getLogger(SandboxRoutes.class);

    private final SandboxConfig config;
    private final Config settings;

    // the credentials are read when the sandbox registers (local profile, dev mode), not at injection: elsewhere
    // (tests, production) they may be absent or empty, and the sandbox must not stop the application starting
    SandboxRoutes(SandboxConfig config, Config settings) {
        this.config = config;
        this.settings = settings;
    }

    void register(@Observes Router router, Vertx vertx) {
        if (!SandboxProfile.active()) {
            return;
        }
        String signingSecret = settings.getValue("slack.signing-secret", String.class);
        List<String> webhookSecrets = settings.getValues("certyneo.webhook.secrets", String.class);
        String slackClientId = settings.getValue("slack.client-id", String.class);
        String slackClientSecret = settings.getValue("slack.client-secret", String.class);
        String certyneoClientId = settings.getValue("certyneo.client-id", String.class);
        String certyneoClientSecret = settings.getValue("certyneo.client-secret", String.class);
        Clock clock = Clock.systemUTC();
        WebClient client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false)
                .setConnectTimeout(5000).setIdleTimeout(30));
        SandboxPages pages = new SandboxPages();
        SlackWorkspace workspace = new SlackWorkspace(config.workspaceName(), config.generatedChannels(), clock);
        SlackCallbacks callbacks = new SlackCallbacks(client, config.baseUrl(), signingSecret, workspace, clock);
        SlackChannelView view = new SlackChannelView(workspace, callbacks, config.baseUrl());
        SlackWebApi api = new SlackWebApi(workspace, slackClientId, slackClientSecret);
        SlackAuthorizePage authorize = new SlackAuthorizePage(workspace, pages, slackClientId);
        CertyneoStandIn certyneo = new CertyneoStandIn(client, config, webhookSecrets.get(0), certyneoClientId,
                certyneoClientSecret, new SampleEvents(clock, workspace), workspace, clock);
        LandingPage landing = new LandingPage(pages, new AdminTokenMinter(clock), config);

        router.route("/sandbox/*").order(-10).handler(SandboxRoutes::loopbackOnly);
        router.route("/sandbox/*").order(-9).handler(BodyHandler.create().setBodyLimit(1024 * 1024));
        // a malformed request to a stand-in (not JSON, a missing field) is the caller's mistake, said in words
        router.route("/sandbox/*").failureHandler(rc -> SlackChannelView.json(rc,
                rc.statusCode() >= 400 && rc.statusCode() < 500 ? rc.statusCode() : 400,
                new JsonObject().put("error", "malformed request to the sandbox")));
        router.get("/").handler(local(landing::page));
        router.get("/sandbox/token").handler(landing::token);
        router.get("/sandbox/assets/:file").handler(pages::asset);

        router.get("/sandbox/slack").handler(rc -> pages.html(rc, 200,
                pages.render("slack.html", List.of("workspace", SandboxPages.escape(workspace.name())))));
        router.route("/sandbox/slack/api/:method").handler(api::handle);
        router.get("/sandbox/slack/oauth/v2/authorize").handler(authorize::show);
        router.post("/sandbox/slack/oauth/v2/decide").handler(authorize::decide);
        router.get("/sandbox/slack/state").handler(view::state);
        router.get("/sandbox/slack/channels/:id").handler(view::channel);
        router.post("/sandbox/slack/channels/:id/invite").handler(view::invite);
        router.post("/sandbox/slack/uninstall").handler(view::uninstall);
        router.post("/sandbox/slack/click").handler(view::click);
        router.post("/sandbox/slack/response/:id").handler(view::response);

        router.get("/sandbox/certyneo").handler(rc -> pages.html(rc, 200,
                pages.render("certyneo.html", List.of("account", SandboxPages.escape(config.account())))));
        router.get("/sandbox/certyneo/samples").handler(certyneo::samples);
        router.get("/sandbox/certyneo/calls").handler(certyneo::calls);
        router.post("/sandbox/certyneo/send").handler(certyneo::send);
        router.post("/sandbox/certyneo/burst").handler(certyneo::burst);
        router.post("/sandbox/certyneo/oauth/token").handler(certyneo::token);
        router.post("/sandbox/certyneo/v1/envelopes/:id/resend").handler(certyneo::resend);
    }

    void announce(@Observes StartupEvent started) {
        if (SandboxProfile.active()) {
            LOG.infof("Sandbox ready: open %s/ (Certyneo settings page; Slack stand-in at %s/sandbox/slack,"
                    + " Certyneo stand-in at %s/sandbox/certyneo)%s", config.baseUrl(), config.baseUrl(),
                    config.baseUrl(), config.slackStandIn() ? "" : "; Slack is the real one (SLACK_* set)");
        }
    }

    private static Handler<RoutingContext> local(Handler<RoutingContext> handler) {
        return rc -> {
            if (isLoopback(rc)) {
                handler.handle(rc);
            } else {
                rc.next();
            }
        };
    }

    /** Defence in depth: the local profile binds 127.0.0.1, and the sandbox still refuses anyone else. */
    private static void loopbackOnly(RoutingContext rc) {
        if (isLoopback(rc)) {
            rc.next();
        } else {
            rc.response().setStatusCode(404).end();
        }
    }

    private static boolean isLoopback(RoutingContext rc) {
        String host = rc.request().remoteAddress() == null ? "" : rc.request().remoteAddress().host();
        return host.equals("127.0.0.1") || host.equals("0:0:0:0:0:0:0:1") || host.equals("::1")
                || host.startsWith("127.");
    }
}
