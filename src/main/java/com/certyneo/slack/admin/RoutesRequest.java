package com.certyneo.slack.admin;

import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;

import com.certyneo.slack.event.EventType;
import com.certyneo.slack.platform.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of {@code PUT …/slack/routes} (SPEC section 4), {@code {"routes": {"<event type>": "<channel id>"}}}, read
 * by hand rather than bound: a refusal must name the event key ({@code routes.envelope.declined}), and a number or an
 * object where a channel id belongs must be refused, not turned into text.
 */
final class RoutesRequest {

    private RoutesRequest() {
    }

    static Map<EventType, String> read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("body",
                    "body must be a JSON object such as {\"routes\": {\"envelope.declined\": \"C0123ABCD\"}}.");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!"routes".equals(name)) {
                String shown = cut(name);
                throw ProblemException.badRequest(shown, shown + " is not known here; the body holds routes only.");
            }
        }
        JsonNode routes = body.get("routes");
        if (routes == null || !routes.isObject()) {
            throw ProblemException.badRequest("routes", "routes must be an object from event type to channel id, "
                    + "such as {\"envelope.declined\": \"C0123ABCD\"}; {} clears the routes.");
        }
        Map<EventType, String> wanted = new EnumMap<>(EventType.class);
        for (Iterator<Map.Entry<String, JsonNode>> fields = routes.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> route = fields.next();
            String field = "routes." + cut(route.getKey());
            EventType type = EventType.fromWire(route.getKey()).orElseThrow(() -> ProblemException.badRequest(field,
                    field + " is not an event type; known: " + String.join(", ", EventType.wireNames()) + "."));
            JsonNode channel = route.getValue();
            if (!channel.isTextual() || !channel.textValue().matches(AdminDtos.CHANNEL_ID)) {
                throw ProblemException.badRequest(field, field + " " + AdminDtos.CHANNEL_ID_MESSAGE + ".");
            }
            wanted.put(type, channel.textValue());
        }
        return wanted;
    }

    /** The caller's key, cut and shown without its value. */
    private static String cut(String name) {
        return name.length() > 60 ? name.substring(0, 60) : name;
    }
}
