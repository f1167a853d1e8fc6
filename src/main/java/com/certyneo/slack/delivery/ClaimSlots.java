package com.certyneo.slack.delivery;

import java.time.Duration;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

/**
 * Every Slack write of a claimed delivery goes through here (a post, a thread's root and reply, a root update, a
 * digest): the channel's next slot is booked only while the claim is still ours, waited for, then the call is made.
 * One dispatcher's instance; {@code posting} and {@code stopped} are the dispatcher's, for its graceful stop.
 */
final class ClaimSlots {

    private static final Logger LOG = Logger.getLogger(ClaimSlots.class);

    private final String owner;
    private final DeliveryQueue queue;
    private final ChannelPacer pacer;
    private final DeliveryConfig config;
    private final Set<Long> posting;
    private final BooleanSupplier stopped;

    ClaimSlots(String owner, DeliveryQueue queue, ChannelPacer pacer, DeliveryConfig config, Set<Long> posting,
            BooleanSupplier stopped) {
        this.owner = owner;
        this.queue = queue;
        this.pacer = pacer;
        this.config = config;
        this.posting = posting;
        this.stopped = stopped;
    }

    /**
     * Books the claim's slot (checking the claim), waits for it, then makes {@code call}. Null when nothing was called:
     * the claim was lost (cancelled, taken over), or given back because the slot is far away (no attempt spent).
     */
    <T> Uni<T> inSlot(ClaimedDelivery d, Supplier<Uni<T>> call) {
        return pacer.reserveForClaim(d.id(), owner, d.teamId(), d.channelId()).chain(slot -> {
            if (slot == null) {
                return lost(d);
            }
            Duration wait = slot.delay();
            if (wait.compareTo(config.lease().dividedBy(2)) > 0) {
                // the channel is booked far ahead (test messages, a pause): give the claim back, no attempt spent
                return Outcomes.write(queue.markRequeued(d, owner, wait)).chain(() -> Uni.createFrom().<T>nullItem());
            }
            return after(wait).chain(() -> {
                // marked before reading "stopped", while stop() sets "stopped" before reading "posting": either
                // this worker sees the stop, or the stop keeps its claim; a released claim is never sent
                posting.add(d.id());
                if (stopped.getAsBoolean() || wait.compareTo(config.paceInterval()) > 0) {
                    // a long wait, or a stop meanwhile: the claim must still be ours when the slot comes
                    return queue.confirmClaim(d, owner, config.lease())
                            .chain(held -> held ? call.get() : lost(d));
                }
                // the claim was checked with the reservation a moment ago; a cancel since then is like one arriving
                // during the Slack call (the SENT record keeps the truth)
                return call.get();
            });
        });
    }

    private static <T> Uni<T> lost(ClaimedDelivery d) {
        LOG.infof("Delivery %d: claim lost before calling Slack (cancelled or taken over); not sent", d.id());
        return Uni.createFrom().nullItem();
    }

    /** Completes after {@code delay}; at once under a millisecond (Quarkus' scheduler refuses such delays). */
    static Uni<Void> after(Duration delay) {
        Uni<Void> now = Uni.createFrom().voidItem();
        return delay.toMillis() < 1 ? now : now.onItem().delayIt().by(delay);
    }
}
