package com.certyneo.slack.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ClaimCadenceTest {

    private static final Duration FLOOR_INTERVAL = Duration.ofMillis(50);
    private static final Duration FLOOR_AHEAD = Duration.ofMillis(100);

    @Test
    void cheapClaimsKeepTheConfiguredFloorsSoAnIdleChannelIsServedAtOnce() {
        ClaimCadence cadence = new ClaimCadence(FLOOR_INTERVAL, FLOOR_AHEAD);
        assertThat(cadence.interval()).isEqualTo(FLOOR_INTERVAL);
        assertThat(cadence.ahead()).isEqualTo(FLOOR_AHEAD);
        for (int i = 0; i < 20; i++) {
            cadence.observe(Duration.ofMillis(2));
        }
        assertThat(cadence.interval()).isEqualTo(FLOOR_INTERVAL);
        assertThat(cadence.ahead()).isEqualTo(FLOOR_AHEAD);
    }

    @Test
    void costlyClaimsAreSpacedSoThatTheyTakeAFifthOfTheTimeAndHeadsAreStillClaimedBeforeTheirSlot() {
        ClaimCadence cadence = new ClaimCadence(FLOOR_INTERVAL, FLOOR_AHEAD);
        Duration cost = Duration.ofMillis(60); // about 750 busy channels
        for (int i = 0; i < 30; i++) {
            cadence.observe(cost);
        }
        assertThat(cadence.interval()).isBetween(Duration.ofMillis(295), Duration.ofMillis(305));
        // a head whose slot is one ahead away is claimed at the latest one interval plus one claim later
        assertThat(cadence.ahead()).isGreaterThan(cadence.interval().plus(cost).plus(cost));
        assertThat(cadence.ahead()).isLessThanOrEqualTo(ClaimCadence.MAX_AHEAD);
    }

    @Test
    void oneSlowClaimStretchesTheCadenceOnlyPartly() {
        ClaimCadence cadence = new ClaimCadence(FLOOR_INTERVAL, FLOOR_AHEAD);
        for (int i = 0; i < 30; i++) {
            cadence.observe(Duration.ofMillis(5));
        }
        cadence.observe(Duration.ofSeconds(2)); // a checkpoint, a pause
        assertThat(cadence.interval()).isEqualTo(ClaimCadence.MAX_INTERVAL);
        for (int i = 0; i < 15; i++) {
            cadence.observe(Duration.ofMillis(5));
        }
        assertThat(cadence.interval()).isEqualTo(FLOOR_INTERVAL);
    }

    @Test
    void neverSlowerThanTheCapsWhateverClaimsCost() {
        ClaimCadence cadence = new ClaimCadence(FLOOR_INTERVAL, FLOOR_AHEAD);
        for (int i = 0; i < 10; i++) {
            cadence.observe(Duration.ofSeconds(5));
        }
        assertThat(cadence.interval()).isEqualTo(ClaimCadence.MAX_INTERVAL);
        assertThat(cadence.ahead()).isEqualTo(ClaimCadence.MAX_AHEAD);
        assertThat(ClaimCadence.MAX_AHEAD).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void aFollowedChannelIsClaimedCloserToItsSlotThanTheWalkAllowsYetAfterAWalkInFlight() {
        ClaimCadence cadence = new ClaimCadence(FLOOR_INTERVAL, FLOOR_AHEAD);
        assertThat(cadence.followUpAhead()).isEqualTo(FLOOR_AHEAD);
        Duration cost = Duration.ofMillis(100); // a walk over about 1,200 busy channels
        for (int i = 0; i < 30; i++) {
            cadence.observe(cost);
        }
        // its timer may fire while a walk runs: it waits for that walk, then claims
        assertThat(cadence.followUpAhead()).isGreaterThan(cost.plus(cost))
                .isLessThan(cadence.ahead()).isLessThanOrEqualTo(ClaimCadence.MAX_AHEAD);
    }
}
