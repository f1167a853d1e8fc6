package com.certyneo.slack.slackapi;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** oauth.v2.access answer for a bot install. {@link #toString()} hides the token. */
@RegisterForReflection
public record OAuthAccess(String teamId, String teamName, String botUserId, String appId, String scope,
        String accessToken) {

    @Override
    public String toString() {
        return "OAuthAccess[teamId=" + teamId + ", teamName=" + teamName + ", botUserId=" + botUserId + ", appId="
                + appId + ", scope=" + scope + ", accessToken=***]";
    }
}
