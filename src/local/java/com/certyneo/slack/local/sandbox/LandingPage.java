package com.certyneo.slack.local.sandbox;

import java.util.List;

import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /}: the page in the role of Certyneo's Settings → Integrations → Slack for the sandbox account. It
 * hosts {@code <certyneo-slack-settings>} (served by the service at /ui/certyneo-slack-settings.js) and gives it a
 * token through {@code tokenProvider}, fetched from {@code /sandbox/token} as a dashboard would from its backend.
 */
final class LandingPage {

    private final SandboxPages pages;
    private final AdminTokenMinter minter;
    private final SandboxConfig config;

    LandingPage(SandboxPages pages, AdminTokenMinter minter, SandboxConfig config) {
        this.pages = pages;
        this.minter = minter;
        this.config = config;
    }

    void page(RoutingContext rc) {
        String locale = "fr".equals(rc.queryParams().get("lang")) ? "fr" : "en";
        pages.html(rc, 200, pages.render("index.html", List.of("account", SandboxPages.escape(config.account()),
                "return_url", SandboxPages.escape(config.baseUrl() + "/"), "locale", locale, "workspace",
                SandboxPages.escape(config.workspaceName()), "slack_note", config.slackStandIn()
                        ? "Slack here is the sandbox stand-in: no workspace needed."
                        : "Slack is the real one (SLACK_* credentials are set).")));
    }

    /** A fresh admin token for the sandbox account, as text. */
    void token(RoutingContext rc) {
        rc.response().putHeader("Content-Type", "text/plain; charset=utf-8").putHeader("Cache-Control", "no-store")
                .end(minter.adminToken(config.account()));
    }
}
