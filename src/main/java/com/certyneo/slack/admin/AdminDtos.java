package com.certyneo.slack.admin;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Request and answer bodies of the admin API (SPEC section 4), snake_case on the wire. */
public final class AdminDtos {

    private AdminDtos() {
    }

    @RegisterForReflection
    public record InstallRequest(@JsonProperty("return_url") String returnUrl) {
    }

    @RegisterForReflection
    public record InstallLink(@JsonProperty("install_url") String installUrl,
            @JsonProperty("expires_at") OffsetDateTime expiresAt) {
    }

    @RegisterForReflection
    public record ChannelRequest(@JsonProperty("channel_id") String channelId) {
    }

    @RegisterForReflection
    public record EventsRequest(List<String> events) {
    }

    @RegisterForReflection
    public record ChannelItem(String id, String name, @JsonProperty("is_member") boolean isMember) {
    }

    /** Lists answer {@code {"items": [...], "next_cursor": "…" | null}}. */
    @RegisterForReflection
    public record Page<T>(List<T> items, @JsonProperty("next_cursor") String nextCursor) {
    }

    /** PUT channel: the stored channel and, when the bot is not in it, how to invite it. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ChannelChoice(ChannelItem channel, @JsonProperty("bot_is_member") boolean botIsMember,
            String action) {
    }

    /** POST test: what Slack answered, in words when it refused. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TestOutcome(boolean ok, String channel, String ts, String error, String message) {
    }
}
