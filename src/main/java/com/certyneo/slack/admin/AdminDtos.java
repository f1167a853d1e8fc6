package com.certyneo.slack.admin;

import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

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
            @JsonProperty("channel_id") @NotNull(message = CHANNEL_ID_MESSAGE) @Pattern(regexp = CHANNEL_ID, message = CHANNEL_ID_MESSAGE) String channelId) {
    }

    @RegisterForReflection
    public record EventsRequest(
            @NotNull(message = "must be a list of event types") @EventNames List<@NotNull(message = "must hold event type names, not null") String> events) {
    }

    /**
     * {@code PUT …/routes}, for the API description only: the body is read by {@link RoutesRequest}, which names the
     * event key of a refused route.
     */
    @RegisterForReflection
    public record RoutesRequestBody(
            @Schema(description = "Event type (envelope.completed, envelope.declined, envelope.expired, envelope.sent, "
                    + "recipient.signed) to the id of the public channel its messages go to; {} clears every route.", required = true) Map<String, String> routes) {
    }

    /** A Slack channel id, as {@code PUT …/channel} and {@code PUT …/routes} accept it. */
    static final String CHANNEL_ID = "^[CG][A-Z0-9]{2,30}$";
    static final String CHANNEL_ID_MESSAGE = "must be a Slack channel id such as C0123ABCD";
}
