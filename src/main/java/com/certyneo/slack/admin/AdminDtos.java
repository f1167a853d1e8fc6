package com.certyneo.slack.admin;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Request bodies of the admin API (SPEC section 4), snake_case on the wire. Their constraints are checked before the
 * resource method runs; a violation is 400 problem+json naming the field (ProblemMappers). Answers are the types of
 * the package that produces them.
 */
public final class AdminDtos {

    private AdminDtos() {
    }

    @RegisterForReflection
    public record InstallRequest(@JsonProperty("return_url") @NotBlank(message = "is required") String returnUrl) {
    }

    @RegisterForReflection
    public record ChannelRequest(
            @JsonProperty("channel_id") @NotNull(message = CHANNEL_ID_MESSAGE) @Pattern(regexp = "^[CG][A-Z0-9]{2,30}$", message = CHANNEL_ID_MESSAGE) String channelId) {
    }

    @RegisterForReflection
    public record EventsRequest(
            @NotNull(message = "must be a list of event types") @EventNames List<@NotNull(message = "must hold event type names, not null") String> events) {
    }

    private static final String CHANNEL_ID_MESSAGE = "must be a Slack channel id such as C0123ABCD";
}
