package com.certyneo.slack.installation;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.certyneo.slack.crypto.TokenCipher;
import com.certyneo.slack.delivery.ChannelPacer;
import com.certyneo.slack.message.Language;
import com.certyneo.slack.message.MessageRenderer;
import com.certyneo.slack.platform.Page;
import com.certyneo.slack.platform.Problem;
import com.certyneo.slack.platform.ProblemException;
import com.certyneo.slack.slackapi.PostedMessage;
import com.certyneo.slack.slackapi.SlackChannel;
import com.certyneo.slack.slackapi.SlackClient;
import com.certyneo.slack.slackapi.SlackResult;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/** Admin operations that talk to the customer's Slack workspace with its bot token, or revoke it there. */
@ApplicationScoped
public class SlackWorkspace {

    @RegisterForReflection
    public record ChannelItem(String id, String name, @JsonProperty("is_member") boolean isMember) {
    }

    /** PUT channel: the stored channel and, when the bot is not in it, how to invite it. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ChannelChoice(ChannelItem channel, @JsonProperty("bot_is_member") boolean botIsMember,
            String action) {
    }

    /** POST test: what Slack answered, in words when it refused. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TestOutcome(boolean ok, String channel, String ts, String error, String message) {
    }

    private final InstallationRepository installations;
    private final SlackTokenRevoker revoker;
    private final TokenCipher cipher;
    private final SlackClient slack;
    private final ChannelPacer pacer;
    private final InstallationConfig config;
    private final MessageRenderer renderer = new MessageRenderer();

    SlackWorkspace(InstallationRepository installations, SlackTokenRevoker revoker, TokenCipher cipher,
            SlackClient slack, ChannelPacer pacer, InstallationConfig config) {
        this.installations = installations;
        this.revoker = revoker;
        this.cipher = cipher;
        this.slack = slack;
        this.pacer = pacer;
        this.config = config;
    }

    /** One page of public, non-archived channels with the bot's membership. */
    public Uni<Page<ChannelItem>> channels(String accountId, String cursor) {
        return installations.requireConnected(accountId).flatMap(installation -> slack
                .conversationsList(token(installation), cursor)
                .invoke(result -> {
                    // a cursor Slack does not know was not one of ours: the caller's mistake, not Slack's failure
                    if (result.errorCode().filter("invalid_cursor"::equals).isPresent()) {
                        throw ProblemException.badRequest("cursor", "The cursor is not one this API returned.");
                    }
                })
                .flatMap(result -> orFail(installation, result)).map(page -> new Page<>(page.channels().stream()
                        .filter(c -> !c.isArchived() && !c.isPrivate())
                        .map(c -> new ChannelItem(c.id(), c.name(), c.isMember())).toList(), page.nextCursor())));
    }

    /** Checks the channel with conversations.info and stores it; says how to invite the bot when needed. */
    public Uni<ChannelChoice> pickChannel(String accountId, String channelId) {
        return installations.requireConnected(accountId).flatMap(installation -> slack
                .conversationsInfo(token(installation), channelId)
                .flatMap(result -> {
                    if (result.errorCode().filter(c -> c.equals("channel_not_found")).isPresent()) {
                        throw ProblemException.badRequest("channel_id",
                                "No public channel " + channelId + " in this Slack workspace.");
                    }
                    return orFail(installation, result);
                })
                .flatMap(channel -> {
                    if (channel.isPrivate() || channel.isArchived()) {
                        throw ProblemException.badRequest("channel_id", "Channel " + channelId
                                + " is " + (channel.isPrivate() ? "private" : "archived")
                                + "; pick a public, active channel.");
                    }
                    return installations.setChannel(accountId, channel.id(), channel.name())
                            .map(saved -> choice(channel));
                }));
    }

    /** Posts the test message now and says what Slack answered. */
    public Uni<TestOutcome> sendTest(String accountId) {
        return installations.requireConnected(accountId).flatMap(installation -> {
            if (installation.channelId == null) {
                throw ProblemException.conflict("No channel picked yet; pick one with PUT …/slack/channel first.");
            }
            return postTest(installation, token(installation)).flatMap(result -> {
                if (result.isOk()) {
                    Uni<Void> clear = Installation.HEALTH_NEEDS_ATTENTION.equals(installation.health)
                            ? installations.setHealth(installation.id, Installation.HEALTH_OK, null)
                            : Uni.createFrom().voidItem();
                    return clear.map(v -> new TestOutcome(true, installation.channelId, result.value().ts(), null,
                            "Test message posted in #" + installation.channelName + "."));
                }
                String code = result.describe();
                Uni<Void> follow = Uni.createFrom().voidItem();
                if (result.isAuthError()) {
                    follow = installations.revoke(installation.id, "Slack rejected the token (" + code + ")");
                } else if (result.isPermanentError()) {
                    follow = installations.setHealth(installation.id, Installation.HEALTH_NEEDS_ATTENTION, code);
                }
                return follow.map(v -> new TestOutcome(false, installation.channelId, null, code,
                        SlackWords.explain(result, installation.channelName, config.botDisplayName())));
            });
        });
    }

    /**
     * DELETE …/slack: erases the token under the row lock (a racing reinstall lands wholly before or after), then
     * revokes at Slack exactly that token; a failed auth.revoke does not bring it back: the customer asked us to forget.
     */
    public Uni<Void> disconnect(String accountId) {
        return installations.disconnect(accountId).flatMap(erased -> revoker.revoke(erased, "disconnected"));
    }

    /**
     * The test message takes the channel's next pacing slot like any delivery, so it never makes a channel exceed
     * 1 message/s.
     */
    private Uni<SlackResult<PostedMessage>> postTest(Installation installation, String token) {
        ObjectNode body = renderer.renderTest(installation.accountId,
                Language.fromWire(installation.locale).orElse(Language.EN)).put("channel", installation.channelId);
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

    private ChannelChoice choice(SlackChannel channel) {
        String action = channel.isMember()
                ? null
                : "The bot is not in #" + channel.name() + " yet: in Slack, open #" + channel.name()
                        + " and type /invite @"
                        + config.botDisplayName() + " — messages cannot be posted until then.";
        return new ChannelChoice(new ChannelItem(channel.id(), channel.name(), channel.isMember()), channel.isMember(),
                action);
    }

    private String token(Installation installation) {
        return cipher.decrypt(installation.id, installation.tokenKeyId, installation.tokenCiphertext);
    }

    /** The value, or the Slack failure as a problem; a dead token revokes the installation first. */
    private <T> Uni<T> orFail(Installation installation, SlackResult<T> result) {
        if (result.isOk()) {
            return Uni.createFrom().item(result.value());
        }
        if (result.isAuthError()) {
            return installations.revoke(installation.id, "Slack rejected the token (" + result.describe() + ")")
                    .map(v -> {
                        throw ProblemException.conflict("Slack no longer accepts this installation's token ("
                                + result.describe() + "); connect Slack again.");
                    });
        }
        if (result.isRateLimited()) {
            throw ProblemException.unavailable("Slack is rate limiting this workspace; retry later.",
                    result.retryAfterDelay().orElse(null));
        }
        throw new ProblemException(Problem.of(502, "Slack error", SlackWords.explain(result, null, null)));
    }
}
