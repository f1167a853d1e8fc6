package com.certyneo.slack.installation;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The five Certyneo event types a customer can tick (SPEC sections 2 and 4). */
public final class EventTypes {

    public static final List<String> ALL = List.of("envelope.completed", "envelope.declined", "envelope.expired",
            "envelope.sent", "recipient.signed");

    /** What a new installation (or one moved to another workspace) starts with: everything ticked. */
    public static final String DEFAULT = String.join(",", ALL);

    private EventTypes() {
    }

    public static boolean isKnown(String type) {
        return ALL.contains(type);
    }

    /** The given names in the canonical order, without duplicates; unknown names are left out. */
    public static Set<String> canonical(Iterable<String> names) {
        Set<String> given = new LinkedHashSet<>();
        names.forEach(given::add);
        Set<String> ordered = new LinkedHashSet<>();
        for (String type : ALL) {
            if (given.contains(type)) {
                ordered.add(type);
            }
        }
        return ordered;
    }
}
