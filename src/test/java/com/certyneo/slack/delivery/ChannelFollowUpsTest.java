package com.certyneo.slack.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChannelFollowUpsTest {

    private static final ChannelKey A = new ChannelKey("T1", "CA");
    private static final ChannelKey B = new ChannelKey("T1", "CB");
    private static final ChannelKey C = new ChannelKey("T2", "CA");

    @Test
    void channelsComeDueEarliestFirstAndOnlyOnce() {
        ChannelFollowUps followUps = new ChannelFollowUps();
        followUps.at(B, 200);
        followUps.at(A, 100);
        followUps.at(C, 900);

        assertThat(followUps.earliest()).hasValue(100);
        assertThat(followUps.takeDue(500, 10)).containsExactly(A, B);
        assertThat(followUps.takeDue(500, 10)).as("taken ones are no longer followed").isEmpty();
        assertThat(followUps.earliest()).hasValue(900);
    }

    @Test
    void aNewPlanForAChannelReplacesItsOldOneEvenWhenLater() {
        ChannelFollowUps followUps = new ChannelFollowUps();
        followUps.at(A, 100);
        followUps.at(A, 700); // the claim said its slot moved (a test message, a 429 pause)

        assertThat(followUps.takeDue(500, 10)).isEmpty();
        assertThat(followUps.size()).isEqualTo(1);
        assertThat(followUps.takeDue(700, 10)).containsExactly(A);
    }

    @Test
    void atMostTheFreeCapacityIsTakenAndTheRestStaysDue() {
        ChannelFollowUps followUps = new ChannelFollowUps();
        followUps.at(A, 1);
        followUps.at(B, 2);
        followUps.at(C, 3);

        assertThat(followUps.takeDue(10, 2)).containsExactly(A, B);
        assertThat(followUps.takeDue(10, 2)).containsExactly(C);
    }

    @Test
    void aClaimedChannelIsForgotten() {
        ChannelFollowUps followUps = new ChannelFollowUps();
        followUps.at(A, 1);
        followUps.at(B, 2);
        followUps.forget(A);

        assertThat(followUps.takeDue(10, 10)).containsExactly(B);
        assertThat(followUps.earliest()).isEmpty();
    }
}
