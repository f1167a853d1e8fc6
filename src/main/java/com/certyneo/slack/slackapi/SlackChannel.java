package com.certyneo.slack.slackapi;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A conversation as seen by conversations.list / conversations.info. */
@RegisterForReflection
public record SlackChannel(String id, String name, boolean isMember, boolean isArchived, boolean isPrivate) {
}
