package com.certyneo.slack.slackapp;

import java.io.IOException;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import com.certyneo.slack.platform.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * Slack Events API (SPEC section 5): signed with the app's signing secret (v0, ±300 s), answers the
 * url_verification challenge and hands event callbacks to {@link SlackEvents}. Always fast: Slack retries after 3 s.
 */
@Path("/slack/events")
public class SlackEventsResource {

    private final SignedSlackRequests signed;
    private final SlackEvents events;
    private final ObjectMapper json;

    public SlackEventsResource(SignedSlackRequests signed, SlackEvents events, ObjectMapper json) {
        this.signed = signed;
        this.events = events;
        this.json = json;
    }

    /** No entity parameter: the raw body is read by {@link SignedSlackRequests}, bounded, after the timestamp check. */
    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Object>> receive(HttpServerRequest request) {
        return signed.read(request).flatMap(this::handle);
    }

    private Uni<RestResponse<Object>> handle(byte[] body) {
        JsonNode payload;
        try {
            payload = json.readTree(body);
        } catch (IOException e) {
            throw ProblemException.badRequest(null, "The body is not valid JSON.");
        }
        if (payload == null || !payload.isObject()) {
            throw ProblemException.badRequest(null, "The body is not a JSON object.");
        }
        String type = payload.path("type").asText("");
        if ("url_verification".equals(type)) {
            return Uni.createFrom().item(RestResponse.ok(json.createObjectNode()
                    .put("challenge", payload.path("challenge").asText(""))));
        }
        if (!"event_callback".equals(type)) {
            return Uni.createFrom().item(RestResponse.ok());
        }
        return events.handle(payload).map(v -> RestResponse.ok());
    }
}
