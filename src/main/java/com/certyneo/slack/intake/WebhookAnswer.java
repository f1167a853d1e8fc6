package com.certyneo.slack.intake;

import com.certyneo.slack.delivery.WebhookStore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Body of a 2xx answer to Certyneo (SPEC section 2). */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookAnswer(String status, @JsonProperty("event_id") String eventId, String reason) {

    public static final String ACCEPTED = "accepted";
    public static final String DUPLICATE = "duplicate";
    public static final String IGNORED = "ignored";

    public static WebhookAnswer accepted(String eventId) {
        return new WebhookAnswer(ACCEPTED, eventId, null);
    }

    public static WebhookAnswer duplicate() {
        return new WebhookAnswer(DUPLICATE, null, null);
    }

    public static WebhookAnswer ignored(String reason) {
        return new WebhookAnswer(IGNORED, null, reason);
    }

    static WebhookAnswer of(String eventId, WebhookStore.Stored stored) {
        return switch (stored) {
            case ACCEPTED -> accepted(eventId);
            case DUPLICATE -> duplicate();
            case NOT_CONNECTED -> ignored("account_not_connected");
            case NO_CHANNEL -> ignored("no_channel_selected");
            case TYPE_NOT_ENABLED -> ignored("event_type_not_enabled");
        };
    }
}
