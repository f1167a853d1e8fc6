package com.certyneo.slack.intake;

import com.certyneo.slack.event.EnvelopeEvent;

/**
 * A webhook body that passed validation. {@code json} is the body as received (UTF-8 text), or a cleaned copy
 * when it held text PostgreSQL cannot store: the payload the delivery renders from.
 */
public record ValidatedEvent(EnvelopeEvent event, String json) {
}
