package com.certyneo.slack.event;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The five Certyneo event types this service turns into Slack messages, in the order the admin API lists them.
 * The wire name ({@code envelope.completed}, …) is what Certyneo sends, what the settings API accepts, and what
 * the database and the metrics hold.
 */
public enum EventType {

    COMPLETED("envelope.completed"), DECLINED("envelope.declined"), EXPIRED("envelope.expired"), SENT(
            "envelope.sent"), RECIPIENT_SIGNED("recipient.signed");

    /** Bounded metric tag for a type that is none of the five (the others are tagged with their wire name). */
    public static final String UNKNOWN_TAG = "unknown";

    private final String wire;

    EventType(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** The type a wire name denotes; empty for {@code null} or a name that is none of the five. */
    public static Optional<EventType> fromWire(String name) {
        if (name != null) {
            for (EventType type : values()) {
                if (type.wire.equals(name)) {
                    return Optional.of(type);
                }
            }
        }
        return Optional.empty();
    }

    public static boolean isKnown(String name) {
        return fromWire(name).isPresent();
    }

    /** The wire names of the five types, in the canonical order. */
    public static List<String> wireNames() {
        return Arrays.stream(values()).map(EventType::wire).toList();
    }

    /** The given types in the canonical order, without duplicates. */
    public static Set<EventType> canonical(Collection<EventType> types) {
        return types.isEmpty() ? EnumSet.noneOf(EventType.class) : EnumSet.copyOf(types);
    }

    /** Stored form of a set of ticked types: wire names in the canonical order, comma-separated. */
    public static String stored(Collection<EventType> types) {
        return canonical(types).stream().map(EventType::wire).collect(Collectors.joining(","));
    }

    /** What a new installation (or one moved to another workspace) starts with: everything ticked. */
    public static String allStored() {
        return stored(EnumSet.allOf(EventType.class));
    }
}
