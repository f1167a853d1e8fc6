package com.certyneo.slack.delivery;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which queued deliveries a digest merges with a channel's head (SPEC section 3.2). Pure: the queue reads the
 * candidates, this decides. Order is the point: only the run of deliveries that directly follow the head with the
 * same event type is taken, so "sent, signed, sent" stays three messages in that order.
 */
final class DigestRun {

    /** At most this many deliveries in one digest, the head included. */
    static final int MAX = 20;

    /** A queued delivery behind the head, in channel order; {@code free}: no other replica holds a lease on it. */
    record Candidate(long id, String eventType, boolean free) {
    }

    private DigestRun() {
    }

    /**
     * Whether a claimed head may lead a digest: its installation opted in, not in the thread layout, and it can be sent
     * at all (connected, event data present; otherwise it ends alone, as without digests).
     */
    static boolean applies(ClaimedDelivery head) {
        return head.digestEnabled() && head.layout() == Layout.MESSAGE_PER_EVENT && head.connected()
                && head.payload() != null;
    }

    /**
     * The followers to merge with a head of type {@code headType}, when {@code waiting} deliveries of the channel (the
     * head included) wait and the installation merges from {@code after} on; empty: send the head alone.
     *
     * @param candidates the deliveries right behind the head, in order
     */
    static List<Long> followers(String headType, int waiting, int after, List<Candidate> candidates) {
        List<Long> run = new ArrayList<>();
        if (waiting < after) {
            return run;
        }
        for (Candidate c : candidates) {
            // the first delivery of another type (or held elsewhere) ends the run: nothing may overtake it
            if (run.size() == MAX - 1 || !c.free() || !headType.equals(c.eventType())) {
                break;
            }
            run.add(c.id());
        }
        return run;
    }

    /**
     * Of the followers wanted (in order), those that were leased, up to the first that was not: a gap would send a
     * later event before an earlier one.
     */
    static List<Long> leasedPrefix(List<Long> wanted, Collection<Long> leased) {
        List<Long> prefix = new ArrayList<>();
        for (Long id : wanted) {
            if (!leased.contains(id)) {
                break;
            }
            prefix.add(id);
        }
        return prefix;
    }
}
