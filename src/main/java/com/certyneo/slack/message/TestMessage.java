package com.certyneo.slack.message;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.certyneo.slack.delivery.ChannelPacer;
import com.certyneo.slack.installation.Installation;
import com.certyneo.slack.platform.Problem;
import com.certyneo.slack.platform.ProblemException;
import com.certyneo.slack.slackapi.PostedMessage;
import com.certyneo.slack.slackapi.SlackClient;
import com.certyneo.slack.slackapi.SlackResult;
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
        String team = installation.teamId;
        String channel = installation.channelId;
        return pacer.reserveUnlessBusy(team, channel).chain(booking -> {
            if (!booking.booked()) {
                // the channel is paused by a 429 or booked ahead: say when to try again rather than hang or book
                // a slot that would delay the queued notifications further
                Duration retryAfter = Duration.ofSeconds(Math.max(1, (booking.delay().toMillis() + 999) / 1000));
                throw new ProblemException(Problem.of(429, "Too many requests",
                        "The channel's next free slot is " + retryAfter.toSeconds()
                                + " s away (pacing or a Slack rate limit); try the test message again then."),
                        retryAfter);
            }
            Uni<Void> slot = booking.delay().isZero()
                    ? Uni.createFrom().voidItem()
                    : Uni.createFrom().voidItem().onItem().delayIt().by(booking.delay());
            return slot.chain(() -> slack.postMessage(token, body));
        })
                // like a delivery: the next slot starts one interval after Slack's answer (the jitter margin), and
                // a 429 pauses the channel for the deliveries too; the admin still gets Slack's outcome if the
                // database hiccups here
                .call(result -> result.retryAfterDelay()
                        .map(pause -> pacer.pause(team, channel, pause))
                        .orElseGet(() -> pacer.answered(team, channel))
                        .onFailure().recoverWithNull());
    }

    /** Built by the renderer of every other message: same colour bar, fallback text and unfurling off. */
    ObjectNode body(String channelId, String accountId) {
        ObjectNode body = renderer.renderTest(accountId);
        body.put("channel", channelId);
        return body;
    }
}
