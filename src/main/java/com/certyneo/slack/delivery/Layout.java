package com.certyneo.slack.delivery;

import java.util.Arrays;
import java.util.Optional;

/** How an installation's messages are laid out in its channel (SPEC section 3.1), by wire name. */
public enum Layout {

    /** One channel message per event (the default). */
    MESSAGE_PER_EVENT("message_per_event"),
    /** One root message per envelope, kept up to date, with every event in its thread. */
    THREAD_PER_ENVELOPE("thread_per_envelope");

    private final String wire;

    Layout(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<Layout> fromWire(String name) {
        return Arrays.stream(values()).filter(l -> l.wire.equals(name)).findFirst();
    }
}
