package com.certyneo.slack.installation;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.certyneo.slack.delivery.ChannelPacer;
import com.certyneo.slack.problem.Problem;
import com.certyneo.slack.problem.ProblemException;
import com.certyneo.slack.slack.PostedMessage;
import com.certyneo.slack.slack.SlackClient;
import com.certyneo.slack.slack.SlackResult;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
    private final ObjectMapper json;

    public TestMessage(SlackClient slack, ChannelPacer pacer, ObjectMapper json) {
        this.slack = slack;
        this.pacer = pacer;
        this.json = json;
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

    ObjectNode body(String channelId, String accountId) {
        String account = escape(accountId);
        ObjectNode body = json.createObjectNode();
        body.put("channel", channelId);
        body.put("text",
                "Test message from Certyneo: this channel will receive the envelope events of Certyneo account "
                        + account + ".");
        ArrayNode blocks = body.putArray("blocks");
        ObjectNode section = blocks.addObject().put("type", "section");
        section.putObject("text").put("type", "mrkdwn").put("text",
                ":test_tube: *Test message from Certyneo.* This channel will receive the envelope events of Certyneo account *"
                        + account + "*.");
        ObjectNode context = blocks.addObject().put("type", "context");
        context.putArray("elements").addObject().put("type", "mrkdwn")
                .put("text", "Sent from Certyneo's Settings → Integrations. Nothing to do.");
        return body;
    }

    /** Slack mrkdwn control characters; an account id is plain text, never markup. */
    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
