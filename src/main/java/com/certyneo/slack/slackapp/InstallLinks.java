package com.certyneo.slack.slackapp;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.certyneo.slack.installation.InstallationConfig;
import com.certyneo.slack.platform.ProblemException;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/** POST …/slack/install: a single-use, 10-minute install link bound to an allowed return URL. */
@ApplicationScoped
public class InstallLinks {

    @RegisterForReflection
    public record InstallLink(@JsonProperty("install_url") String installUrl,
            @JsonProperty("expires_at") OffsetDateTime expiresAt) {
    }

    private final OAuthStates states;
    private final InstallationConfig config;
    private final UrlPrefixPolicy returnUrls;
    private final String publicBaseUrl;

    public InstallLinks(OAuthStates states, InstallationConfig config,
            @ConfigProperty(name = "certyneo.public-base-url") String publicBaseUrl) {
        this.states = states;
        this.config = config;
        this.returnUrls = new UrlPrefixPolicy(config.allowedReturnUrls().orElse(List.of()));
        this.publicBaseUrl = stripSlash(publicBaseUrl);
    }

    public Uni<InstallLink> create(String accountId, String returnUrl) {
        String allowed = returnUrls.check(returnUrl).map(Object::toString).orElseThrow(() -> ProblemException
                .badRequest("return_url",
                        "return_url must start with one of the allowed prefixes (ALLOWED_RETURN_URLS)."));
        return states.create(accountId, allowed, config.stateTtl())
                .map(ticket -> new InstallLink(publicBaseUrl + "/slack/install?ticket=" + ticket.ticket(),
                        ticket.expiresAt()));
    }

    /** {PUBLIC_BASE_URL}/slack/oauth/callback, exactly as registered in the Slack app. */
    public String redirectUri() {
        return publicBaseUrl + "/slack/oauth/callback";
    }

    static String stripSlash(String url) {
        String value = url == null ? "" : url.trim();
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }
}
