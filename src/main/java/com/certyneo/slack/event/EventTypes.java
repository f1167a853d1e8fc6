package com.certyneo.slack.event;

import java.util.Set;

/** The five Certyneo event types this service turns into Slack messages. */
public final class EventTypes {

    public static final String COMPLETED = "envelope.completed";
    public static final String DECLINED = "envelope.declined";
    public static final String EXPIRED = "envelope.expired";
    public static final String SENT = "envelope.sent";
    public static final String RECIPIENT_SIGNED = "recipient.signed";

    public static final Set<String> ALL = Set.of(COMPLETED, DECLINED, EXPIRED, SENT, RECIPIENT_SIGNED);

    private EventTypes() {
    }

    public static boolean isKnown(String type) {
        return type != null && ALL.contains(type);
    }

    /** Bounded metric tag: one of the five types, or "unknown". */
    public static String tag(String type) {
        return isKnown(type) ? type : "unknown";
    }
}
