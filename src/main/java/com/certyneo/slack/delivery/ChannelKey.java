package com.certyneo.slack.delivery;

/** A Slack channel as the delivery queue keys it: the workspace and the channel id. Pacing and FIFO are per key. */
record ChannelKey(String teamId, String channelId) {

    static ChannelKey of(ClaimedDelivery d) {
        return new ChannelKey(d.teamId(), d.channelId());
    }
}
