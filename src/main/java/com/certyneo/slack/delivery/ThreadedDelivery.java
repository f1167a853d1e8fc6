package com.certyneo.slack.delivery;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import com.certyneo.slack.event.EnvelopeEvent;
import com.certyneo.slack.event.EventType;
import com.certyneo.slack.message.EnvelopeCard;
import com.certyneo.slack.slackapi.PostedMessage;
import com.certyneo.slack.slackapi.SlackClient;
import com.certyneo.slack.slackapi.SlackResult;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

/**
 * One delivery in the thread layout (SPEC section 3.1), as steps whose results are committed as they happen, so that
 * a retry resumes where the last try stopped: (1) the envelope's root card, posted when the channel has none
 * ({@link ThreadRoots}); (2) the event as a reply in the root's thread, recorded at once ({@code markReplied}); (3)
 * the root updated to the envelope's latest state, unless a newer event of the envelope is queued for the channel;
 * then the delivery is sent. Each Slack call takes the channel's slot and checks the claim first, like a post.
 */
final class ThreadedDelivery {

    private static final Logger LOG = Logger.getLogger(ThreadedDelivery.class);
    private static final Set<String> ROOT_GONE = Set.of("message_not_found", "cant_update_message",
            "thread_not_found");
    private static final Set<EventType> BROADCAST = Set.of(EventType.COMPLETED, EventType.DECLINED,
            EventType.EXPIRED);

    private final DeliveryQueue queue;
    private final ChannelPacer pacer;
    private final SlackClient slack;
    private final ThreadRoots roots;
    private final Outcomes outcomes;
    private final ClaimSlots slots;
    private final EnvelopeCard cards = new EnvelopeCard();

    ThreadedDelivery(DeliveryQueue queue, ChannelPacer pacer, SlackClient slack, ThreadRoots roots, Outcomes outcomes,
            ClaimSlots slots) {
        this.queue = queue;
        this.pacer = pacer;
        this.slack = slack;
        this.roots = roots;
        this.outcomes = outcomes;
        this.slots = slots;
    }

    /** One Slack answer, with when the call left and how long it took (for the audit row). */
    private record Answer(SlackResult<PostedMessage> result, OffsetDateTime at, int ms) {

        Attempt audit() {
            return Outcomes.audit(result, at, ms);
        }

        boolean rootGone() {
            return result.errorCode().filter(ROOT_GONE::contains).isPresent();
        }
    }

    /** Delivers {@code event}, whose per-event message is {@code reply}; null when the claim was lost or handed back. */
    Uni<Outcome> deliver(ClaimedDelivery d, String token, EnvelopeEvent event, ObjectNode reply) {
        return roots.standing(d.id(), d.installationId(), d.channelId(), event.envelopeId()).chain(s -> {
            if (s.replyTs() != null) {
                // an earlier try posted the reply: only the root is left to bring up to date
                return finish(d, token, event, s.rootTs(), s.replyTs(), null);
            }
            return s.rootTs() == null
                    ? newRoot(d, token, event, root -> reply(d, token, event, reply, root, true))
                    : reply(d, token, event, reply, s.rootTs(), false);
        });
    }

    /** Posts the envelope card as a new root, records it, then goes on with the root in force. */
    private Uni<Outcome> newRoot(ClaimedDelivery d, String token, EnvelopeEvent event,
            java.util.function.Function<String, Uni<Outcome>> then) {
        ObjectNode card = cards.render(event, d.language()).put("channel", d.channelId());
        card.put("unfurl_links", false).put("unfurl_media", false);
        return paced(d, () -> slack.postMessage(token, card)).chain(answer -> {
            if (answer == null) {
                return Uni.createFrom().nullItem();
            }
            if (!answer.result().isOk()) {
                return outcomes.record(d, answer.result(), answer.at(), answer.ms());
            }
            String posted = answer.result().value().ts();
            // the database arbitrates: a root recorded first stays (ours is then an orphan card, see architecture.md)
            return pacer.answered(d.teamId(), d.channelId())
                    .chain(() -> roots.create(d.installationId(), d.channelId(), event.envelopeId(), posted))
                    .chain(root -> {
                        if (!root.equals(posted)) {
                            LOG.warnf("Delivery %d: another root was recorded first for its envelope; using it",
                                    d.id());
                        }
                        return then.apply(root);
                    });
        });
    }

    /** Posts the event into the root's thread; a fresh root already shows this event's state (no update). */
    private Uni<Outcome> reply(ClaimedDelivery d, String token, EnvelopeEvent event, ObjectNode reply, String root,
            boolean fresh) {
        ObjectNode body = reply.deepCopy().put("thread_ts", root);
        if (BROADCAST.contains(event.type())) {
            body.put("reply_broadcast", true); // outcomes still show in the channel
        }
        return paced(d, () -> slack.postMessage(token, body)).chain(answer -> {
            if (answer == null) {
                return Uni.createFrom().nullItem();
            }
            if (answer.rootGone() && !fresh) {
                // the root was deleted in Slack: a new root, and the reply goes into its thread
                return roots.forget(d.installationId(), d.channelId(), event.envelopeId(), root)
                        .chain(() -> pacer.answered(d.teamId(), d.channelId()))
                        .chain(() -> newRoot(d, token, event, newRoot -> reply(d, token, event, reply, newRoot, true)));
            }
            if (!answer.result().isOk()) {
                return outcomes.record(d, answer.result(), answer.at(), answer.ms());
            }
            String replyTs = answer.result().value().ts();
            return queue.markReplied(d, replyTs, root, event.envelopeId()).chain(newer -> fresh || newer
                    ? sent(d, replyTs, answer.audit())
                    : pacer.answered(d.teamId(), d.channelId())
                            .chain(() -> finish(d, token, event, root, replyTs, answer.audit())));
        });
    }

    /**
     * The reply is in Slack: the root is brought up to the envelope's state (a new root when it is gone), then the
     * delivery is sent. {@code replied} is the reply's audit row, null when it was posted by an earlier try.
     */
    private Uni<Outcome> finish(ClaimedDelivery d, String token, EnvelopeEvent event, String root, String replyTs,
            Attempt replied) {
        if (root == null) {
            return newRoot(d, token, event, r -> sent(d, replyTs, replied));
        }
        ObjectNode card = cards.render(event, d.language()).put("channel", d.channelId()).put("ts", root);
        return paced(d, () -> slack.update(token, card)).chain(answer -> {
            if (answer == null) {
                return Uni.createFrom().nullItem();
            }
            if (answer.result().isOk()) {
                return sent(d, replyTs, replied == null ? answer.audit() : replied);
            }
            if (answer.rootGone()) {
                LOG.infof("Delivery %d: its thread root is gone from Slack (%s); posting a new one", d.id(),
                        answer.result().describe());
                return roots.forget(d.installationId(), d.channelId(), event.envelopeId(), root)
                        .chain(() -> pacer.answered(d.teamId(), d.channelId()))
                        .chain(() -> finish(d, token, event, null, replyTs, replied));
            }
            Outcome outcome = outcomes.classify(d, answer.result());
            if (outcome instanceof Outcome.Fail fail) {
                // the reply is in Slack whatever happens to the root: the delivery is sent, the root stays behind
                LOG.warnf("Delivery %d: updating its thread root failed (%s); the reply stands", d.id(), fail.error());
                return sent(d, replyTs, replied == null ? answer.audit() : replied);
            }
            // 429 or a transient failure: retried later, from this step (the reply is recorded)
            return outcomes.write(d, outcome, answer.audit()).replaceWith(outcome);
        });
    }

    private Uni<Outcome> sent(ClaimedDelivery d, String replyTs, Attempt attempt) {
        Outcome sent = new Outcome.Sent(replyTs);
        // the audit row is the reply's, but the channel's next slot counts from the last call (a root's update)
        return outcomes.write(d, sent, attempt == null ? null : attempt.answeredNow()).replaceWith(sent);
    }

    /** The call in the channel's next slot; null when the claim was lost or given back (resumed from the last step). */
    private Uni<Answer> paced(ClaimedDelivery d, Supplier<Uni<SlackResult<PostedMessage>>> call) {
        return slots.inSlot(d, () -> timed(call));
    }

    private static Uni<Answer> timed(Supplier<Uni<SlackResult<PostedMessage>>> call) {
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC);
        long started = System.nanoTime();
        return call.get().map(result -> new Answer(result, at, (int) ((System.nanoTime() - started) / 1_000_000)));
    }
}
