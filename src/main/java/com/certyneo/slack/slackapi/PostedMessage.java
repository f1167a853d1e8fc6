package com.certyneo.slack.slackapi;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** chat.postMessage / chat.update answer: where the message lives and its Slack timestamp id. */
@RegisterForReflection
public record PostedMessage(String channel, String ts) {
}
