package com.certyneo.slack.webhook;

import java.time.OffsetDateTime;

/**
 * A webhook body that passed validation. {@code json} is the body as received (UTF-8 text), stored
 * as the event's payload for the renderer. {@code known} is false for a type this service does
 * not handle; such an event carries only its type.
 */
public record ValidatedEvent(String id, String type, OffsetDateTime createdAt, String accountId, String json,
        boolean known) {

    static ValidatedEvent unknownType(String type) {
        return new ValidatedEvent(null, type, null, null, null, false);
    }
}
