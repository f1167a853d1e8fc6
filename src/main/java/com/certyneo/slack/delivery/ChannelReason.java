package com.certyneo.slack.delivery;

import java.util.Optional;

/**
 * The installation's health reason when a channel needs the customer (SPEC section 7: "with the reason and the
 * channel"): Slack's code, then the channel, {@code not_in_channel in #legal} (its id when the name is unknown), and
 * for a held channel what to do after a colon. With per-event routes an installation posts to several channels, so
 * the code alone does not say where to act. Machine-readable first: the code is the text before the first space, and
 * Slack channel names hold neither spaces nor colons.
 */
public final class ChannelReason {

    private static final String IN = " in ";

    private ChannelReason() {
    }

    public static String of(String code, String channelId, String channelName) {
        return code + IN + label(channelId, channelName);
    }

    /** The reason of a held channel: where, and what the customer does so that its held messages follow. */
    public static String held(String code, String channelId, String channelName, String botName) {
        String channel = label(channelId, channelName);
        String bot = "@" + botName;
        return of(code, channelId, channelName) + ": " + switch (code) {
            case "not_in_channel" -> "invite " + bot + " (/invite " + bot + " in " + channel
                    + "); held messages follow once it joins";
            case "is_archived" -> "the channel is archived; unarchive it or pick another channel, and held messages "
                    + "follow";
            default -> "the channel was deleted or the bot cannot see it; pick another channel, and held messages "
                    + "move to it";
        };
    }

    /** How a reason names a channel: {@code #name}, or the id when the name is unknown. */
    public static String label(String channelId, String channelName) {
        return channelName == null || channelName.isBlank() ? channelId : "#" + channelName;
    }

    /** The channel a reason written by {@link #of} names ({@link #label}); empty for any other reason. */
    public static Optional<String> channelOf(String reason) {
        int at = reason == null ? -1 : reason.indexOf(IN);
        if (at < 0) {
            return Optional.empty();
        }
        String rest = reason.substring(at + IN.length());
        int colon = rest.indexOf(':');
        return Optional.of(colon < 0 ? rest : rest.substring(0, colon));
    }
}
