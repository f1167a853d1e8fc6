package com.certyneo.slack.message;

import java.util.Arrays;
import java.util.Optional;

/** The language of every text the service writes into Slack for an installation (SPEC section 3), by wire name. */
public enum Language {

    EN("en"), FR("fr");

    private final String wire;

    Language(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<Language> fromWire(String name) {
        return Arrays.stream(values()).filter(l -> l.wire.equals(name)).findFirst();
    }
}
