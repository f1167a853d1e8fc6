package com.certyneo.slack.slackapi;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** auth.test answer: who the token belongs to. */
@RegisterForReflection
public record AuthIdentity(String teamId, String team, String userId, String botId, String url) {
}
