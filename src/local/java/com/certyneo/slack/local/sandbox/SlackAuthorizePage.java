package com.certyneo.slack.local.sandbox;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.vertx.ext.web.RoutingContext;

/**
 * Slack's OAuth v2 authorize page, as the stand-in plays it: the workspace, the app asking, the scopes it asks for,
 * and Allow / Cancel. Allow sends the browser back to the {@code redirect_uri} with a single-use code and the state;
 * Cancel with {@code error=access_denied}, as Slack does.
 */
final class SlackAuthorizePage {

    private final SlackWorkspace workspace;
    private final SandboxPages pages;
    private final String clientId;

    SlackAuthorizePage(SlackWorkspace workspace, SandboxPages pages, String clientId) {
        this.workspace = workspace;
        this.pages = pages;
        this.clientId = clientId;
    }

    /** GET /sandbox/slack/oauth/v2/authorize?client_id&scope&redirect_uri&state */
    void show(RoutingContext rc) {
        String redirect = rc.queryParams().get("redirect_uri");
        String scope = rc.queryParams().get("scope");
        if (!clientId.equals(rc.queryParams().get("client_id")) || redirect == null
                || !(redirect.startsWith("http://") || redirect.startsWith("https://"))) {
            pages.html(rc, 400, pages.render("authorize-error.html", List.of("workspace", workspace.name())));
            return;
        }
        StringBuilder scopes = new StringBuilder();
        for (String s : (scope == null ? "" : scope).split(",")) {
            if (!s.isBlank()) {
                scopes.append("<li><code>").append(SandboxPages.escape(s.trim())).append("</code> ")
                        .append(SandboxPages.escape(describe(s.trim()))).append("</li>");
            }
        }
        pages.html(rc, 200, pages.render("authorize.html", List.of("workspace", SandboxPages.escape(workspace.name()),
                "scopes", scopes.toString(), "redirect_uri", SandboxPages.escape(redirect), "state",
                SandboxPages.escape(rc.queryParams().get("state") == null ? "" : rc.queryParams().get("state")))));
    }

    /** POST /sandbox/slack/oauth/v2/decide (form: decision, redirect_uri, state) */
    void decide(RoutingContext rc) {
        String redirect = rc.request().getFormAttribute("redirect_uri");
        String state = rc.request().getFormAttribute("state");
        if (redirect == null || !(redirect.startsWith("http://") || redirect.startsWith("https://"))) {
            rc.response().setStatusCode(400).end("redirect_uri missing");
            return;
        }
        String query = "allow".equals(rc.request().getFormAttribute("decision"))
                ? "code=" + encode(workspace.newCode(redirect))
                : "error=access_denied";
        if (state != null && !state.isEmpty()) {
            query += "&state=" + encode(state);
        }
        rc.response().setStatusCode(302).putHeader("Location", redirect + (redirect.contains("?") ? "&" : "?") + query)
                .end();
    }

    private static String describe(String scope) {
        return switch (scope) {
            case "chat:write" -> "Send messages as @Certyneo";
            case "channels:read" -> "View basic information about public channels in your workspace";
            default -> "";
        };
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
