package com.certyneo.slack.intake;

import java.time.OffsetDateTime;
import java.util.Set;

/**
 * A webhook body that passed validation. {@code json} is the body as received (UTF-8 text), or a cleaned
 * copy when it held text PostgreSQL cannot store, stored as the event's payload for the renderer.
 * {@code createdAt} is null when the body had no usable one. {@code warnings} names the optional fields
 * the message could not use. {@code known} is false for a type this service does not handle; such an event
 * carries only its type.
 */
public record ValidatedEvent(String id, String type, OffsetDateTime createdAt, String accountId, String json,
        boolean known, Set<PayloadField> warnings) {

    static ValidatedEvent unknownType(String type) {
        return new ValidatedEvent(null, type, null, null, null, false, Set.of());
    }
}
