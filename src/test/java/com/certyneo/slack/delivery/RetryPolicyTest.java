package com.certyneo.slack.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Backoff bounds and growth, and the retry horizon: pure, no Quarkus, no database. */
class RetryPolicyTest {

    private static final RetryPolicy POLICY = new RetryPolicy(Duration.ofSeconds(2), Duration.ofMinutes(10),
            Duration.ofHours(24));

    @Test
    void backoffDoublesPerAttemptUpToTheCap() {
        assertThat(POLICY.backoff(0, 1.0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(POLICY.backoff(1, 1.0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(POLICY.backoff(2, 1.0)).isEqualTo(Duration.ofSeconds(4));
        assertThat(POLICY.backoff(5, 1.0)).isEqualTo(Duration.ofSeconds(32));
        assertThat(POLICY.backoff(9, 1.0)).isEqualTo(Duration.ofSeconds(512));
        assertThat(POLICY.backoff(10, 1.0)).isEqualTo(Duration.ofMinutes(10));
        // no overflow however many attempts were spent
        assertThat(POLICY.backoff(64, 1.0)).isEqualTo(Duration.ofMinutes(10));
        assertThat(POLICY.backoff(Integer.MAX_VALUE, 1.0)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void jitterStaysBetweenHalfAndAllOfTheCeiling() {
        long seed = System.nanoTime();
        System.out.println("RetryPolicyTest seed " + seed);
        Random random = new Random(seed);
        for (int i = 0; i < 10_000; i++) {
            int attempts = random.nextInt(40);
            Duration ceiling = POLICY.backoff(attempts, 1.0);
            Duration delay = POLICY.backoff(attempts, random.nextDouble());
            assertThat(delay).as("seed %d, attempts %d", seed, attempts).isBetween(ceiling.dividedBy(2), ceiling)
                    .isLessThanOrEqualTo(Duration.ofMinutes(10)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
        assertThat(POLICY.backoff(3, 0.0)).isEqualTo(Duration.ofSeconds(4));
        assertThat(POLICY.backoff(3, 0.5)).isEqualTo(Duration.ofSeconds(6));
        // out-of-range jitter is clamped rather than trusted
        assertThat(POLICY.backoff(3, 7.0)).isEqualTo(Duration.ofSeconds(8));
        assertThat(POLICY.backoff(3, -1.0)).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void backoffNeverShrinksAsAttemptsGrow() {
        Duration previous = Duration.ZERO;
        for (int attempts = 1; attempts < 50; attempts++) {
            Duration next = POLICY.backoff(attempts, 1.0);
            assertThat(next).isGreaterThanOrEqualTo(previous);
            previous = next;
        }
    }

    @Test
    void theHorizonCountsFromAcceptance() {
        assertThat(POLICY.pastHorizon(Duration.ofHours(23), Duration.ofMinutes(59))).isFalse();
        assertThat(POLICY.pastHorizon(Duration.ofHours(23), Duration.ofMinutes(60))).isFalse();
        assertThat(POLICY.pastHorizon(Duration.ofHours(23), Duration.ofMinutes(61))).isTrue();
        assertThat(POLICY.pastHorizon(Duration.ofHours(25), Duration.ZERO)).isTrue();
        assertThat(POLICY.gaveUp("http_503")).isEqualTo("http_503 (gave up after PT24H)");
    }

    @Test
    void theConfiguredFiguresAreUsed() {
        RetryPolicy test = new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofMinutes(5));
        assertThat(test.backoff(1, 1.0)).isEqualTo(Duration.ofMillis(200));
        assertThat(test.backoff(4, 1.0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(test.pastHorizon(Duration.ofMinutes(4), Duration.ofMinutes(2))).isTrue();
    }
}
