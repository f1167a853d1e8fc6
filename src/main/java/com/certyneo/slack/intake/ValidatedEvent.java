package com.certyneo.slack.intake;

import java.time.OffsetDateTime;

import com.certyneo.slack.event.EnvelopeEvent;

/**
 * A webhook body that passed validation, as the store receives it. {@code json} is the body as received (UTF-8
 * text), or a cleaned copy when it held text PostgreSQL cannot store: the payload the delivery renders from.
 * The accessors below are the columns the store writes.
 */
public record ValidatedEvent(EnvelopeEvent event, String json) {

    public String id() {
        return event.id();
    }

    public String accountId() {
        return event.accountId();
    }

    /** The wire name, as stored. */
    public String type() {
        return event.type().wire();
    }

    /** Null when the body had no usable one. */
    public OffsetDateTime createdAt() {
        return event.createdAt();
    }
}
