package com.certyneo.slack.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The health reason names the channel the customer must act on, by name when known. */
class ChannelReasonTest {

    @Test
    void theReasonIsTheCodeThenTheChannel() {
        assertThat(ChannelReason.of("not_in_channel", "C0LEGAL", "legal")).isEqualTo("not_in_channel in #legal");
        assertThat(ChannelReason.of("channel_not_found", "C0LEGAL", null)).isEqualTo("channel_not_found in C0LEGAL");
        assertThat(ChannelReason.of("is_archived", "C0LEGAL", " ")).isEqualTo("is_archived in C0LEGAL");
    }

    @Test
    void theChannelIsReadBackFromTheReason() {
        assertThat(ChannelReason.channelOf(ChannelReason.of("not_in_channel", "C0LEGAL", "legal")))
                .contains(ChannelReason.label("C0LEGAL", "legal"));
        assertThat(ChannelReason.channelOf("channel_not_found in C0LEGAL")).contains("C0LEGAL");
        assertThat(ChannelReason.channelOf("not_in_channel")).isEmpty();
        assertThat(ChannelReason.channelOf(null)).isEmpty();
    }
}
