package com.certyneo.slack.installation;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The five Certyneo event types a customer can tick (SPEC sections 2 and 4), in the order the admin API shows
 * them; the names are the intake's ({@link com.certyneo.slack.event.EventTypes}).
 */
public final class EventTypes {

    public static final List<String> ALL = List.of(com.certyneo.slack.event.EventTypes.COMPLETED,
            com.certyneo.slack.event.EventTypes.DECLINED, com.certyneo.slack.event.EventTypes.EXPIRED,
            com.certyneo.slack.event.EventTypes.SENT, com.certyneo.slack.event.EventTypes.RECIPIENT_SIGNED);

    /** What a new installation (or one moved to another workspace) starts with: everything ticked. */
    public static final String DEFAULT = String.join(",", ALL);

    private EventTypes() {
    }

    public static boolean isKnown(String type) {
        // List.of(...).contains(null) throws: a null item is simply not a known type
        return type != null && ALL.contains(type);
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
