package com.certyneo.slack.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.certyneo.slack.delivery.DigestRun.Candidate;
import com.certyneo.slack.message.Language;

/** Which deliveries a digest merges (SPEC section 3.2), without Quarkus or a database. */
class DigestRunTest {

    private static final String SENT = "envelope.sent";
    private static final String SIGNED = "recipient.signed";

    @Test
    void belowTheThresholdTheHeadLeavesAlone() {
        assertThat(DigestRun.followers(SENT, 9, 10, sameType(SENT, 8))).isEmpty();
        assertThat(DigestRun.followers(SENT, 10, 10, sameType(SENT, 9))).hasSize(9);
    }

    @Test
    void atMostTwentyInAllTheHeadIncluded() {
        assertThat(DigestRun.followers(SENT, 100, 10, sameType(SENT, 40))).hasSize(19)
                .containsExactlyElementsOf(ids(1, 19));
    }

    @Test
    void onlyTheConsecutiveRunOfTheHeadsTypeIsTaken() {
        List<Candidate> queue = List.of(new Candidate(1, SENT, true), new Candidate(2, SENT, true),
                new Candidate(3, SIGNED, true), new Candidate(4, SENT, true));
        assertThat(DigestRun.followers(SENT, 10, 3, queue)).containsExactly(1L, 2L);
        // sent, signed, sent: nothing to merge, three messages in that order
        assertThat(DigestRun.followers(SENT, 10, 3,
                List.of(new Candidate(1, SIGNED, true), new Candidate(2, SENT, true)))).isEmpty();
    }

    @Test
    void aDeliveryLeasedByAnotherReplicaEndsTheRun() {
        List<Candidate> queue = List.of(new Candidate(1, SENT, true), new Candidate(2, SENT, false),
                new Candidate(3, SENT, true));
        assertThat(DigestRun.followers(SENT, 10, 3, queue)).containsExactly(1L);
    }

    @Test
    void aGapInWhatCouldBeLeasedCutsTheRunThere() {
        assertThat(DigestRun.leasedPrefix(List.of(1L, 2L, 3L, 4L), List.of(1L, 2L, 4L))).containsExactly(1L, 2L);
        assertThat(DigestRun.leasedPrefix(List.of(1L, 2L), List.of(2L))).isEmpty();
        assertThat(DigestRun.leasedPrefix(List.of(1L, 2L), List.of(2L, 1L))).containsExactly(1L, 2L);
    }

    @Test
    void digestsAreOptInNeverInTheThreadLayoutAndOnlyForWhatCanBeSent() {
        assertThat(DigestRun.applies(head(true, Layout.MESSAGE_PER_EVENT, true, true))).isTrue();
        assertThat(DigestRun.applies(head(false, Layout.MESSAGE_PER_EVENT, true, true))).isFalse();
        assertThat(DigestRun.applies(head(true, Layout.THREAD_PER_ENVELOPE, true, true))).isFalse();
        assertThat(DigestRun.applies(head(true, Layout.MESSAGE_PER_EVENT, false, true))).isFalse();
        assertThat(DigestRun.applies(head(true, Layout.MESSAGE_PER_EVENT, true, false))).isFalse();
    }

    private static ClaimedDelivery head(boolean digest, Layout layout, boolean connected, boolean payload) {
        return new ClaimedDelivery(1, "evt_1", UUID.randomUUID(), "acc", "T1", "C1", "general", SENT, 0,
                OffsetDateTime.now(),
                connected ? "connected" : "revoked", connected, false, "k1", new byte[1], layout, Language.EN, digest,
                10, payload ? "{}" : null);
    }

    private static List<Candidate> sameType(String type, int n) {
        List<Candidate> out = new ArrayList<>();
        for (long id = 1; id <= n; id++) {
            out.add(new Candidate(id, type, true));
        }
        return out;
    }

    private static List<Long> ids(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long id = from; id <= to; id++) {
            out.add(id);
        }
        return out;
    }
}
