package com.certyneo.slack.slackapi;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One page of conversations.list; {@code nextCursor} is null on the last page. */
@RegisterForReflection
public record ChannelPage(List<SlackChannel> channels, String nextCursor) {

    public ChannelPage {
        channels = List.copyOf(channels);
    }

    public boolean hasMore() {
        return nextCursor != null;
    }
}
