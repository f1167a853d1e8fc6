package com.certyneo.slack.delivery;

import java.util.Optional;

/**
 * The installation's health reason when a channel needs the customer (SPEC section 7: "with the reason and the
 * channel"): Slack's code, then the channel, {@code not_in_channel in #legal} (its id when the name is unknown). With
 * per-event routes an installation posts to several channels, so the code alone does not say where to act. Slack
 * channel names hold no spaces, so the code stays the text before the first space.
 */
public final class ChannelReason {

    private static final String IN = " in ";

    private ChannelReason() {
    }

    public static String of(String code, String channelId, String channelName) {
        return code + IN + label(channelId, channelName);
    }

    /** How a reason names a channel: {@code #name}, or the id when the name is unknown. */
    public static String label(String channelId, String channelName) {
        return channelName == null || channelName.isBlank() ? channelId : "#" + channelName;
    }

    /** The channel a reason written by {@link #of} names ({@link #label}); empty for any other reason. */
    public static Optional<String> channelOf(String reason) {
        int at = reason == null ? -1 : reason.lastIndexOf(IN);
        return at < 0 ? Optional.empty() : Optional.of(reason.substring(at + IN.length()));
    }
}
