package com.certyneo.slack.installation;

import jakarta.enterprise.context.ApplicationScoped;

import com.certyneo.slack.delivery.ChannelPacer;
import com.certyneo.slack.delivery.MessageRenderer;
import com.certyneo.slack.slack.PostedMessage;
import com.certyneo.slack.slack.SlackClient;
import com.certyneo.slack.slack.SlackResult;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

/**
 * The admin API's test message (SPEC sections 3 and 4): says it is a test and names the Certyneo account. It
 * takes the channel's next pacing slot like any delivery, so it never makes a channel exceed 1 message/s.
 */
@ApplicationScoped
public class TestMessage {

    private final SlackClient slack;
    private final ChannelPacer pacer;
    private final MessageRenderer renderer = new MessageRenderer();

    public TestMessage(SlackClient slack, ChannelPacer pacer) {
        this.slack = slack;
        this.pacer = pacer;
    }

    public Uni<SlackResult<PostedMessage>> post(Installation installation, String token) {
        ObjectNode body = body(installation.channelId, installation.accountId);
        return pacer.awaitSlot(installation.teamId, installation.channelId)
                .chain(() -> slack.postMessage(token, body))
                // like a delivery: the next slot starts one interval after Slack's answer (the jitter margin);
                // the admin still gets Slack's outcome if the database hiccups here
                .call(result -> pacer.answered(installation.teamId, installation.channelId).onFailure()
                        .recoverWithNull());
    }

    /** Built by the renderer of every other message: same colour bar, fallback text and unfurling off. */
    ObjectNode body(String channelId, String accountId) {
        ObjectNode body = renderer.renderTest(accountId);
        body.put("channel", channelId);
        return body;
    }
}
