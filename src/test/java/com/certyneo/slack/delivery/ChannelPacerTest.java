package com.certyneo.slack.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;

@QuarkusTest
class ChannelPacerTest {

    @Inject
    ChannelPacer pacer;

    @Inject
    DeliveryConfig config;

    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    @Test
    void slotsAskedForAtOnceAreSpacedByThePaceIntervalSoNoTwoMessagesShareASecond() {
        String channel = DeliveryFixtures.channel("CPACE");
        List<Uni<ChannelPacer.Slot>> asks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            asks.add(pacer.reserveSlot("TPACE", channel));
        }
        List<ChannelPacer.Slot> slots = new ArrayList<>(
                Uni.join().all(asks).andFailFast().await().atMost(Duration.ofSeconds(10)));
        slots.sort((a, b) -> a.at().compareTo(b.at()));

        assertThat(slots.get(0).delay()).isLessThan(Duration.ofMillis(100));
        for (int i = 1; i < slots.size(); i++) {
            // every slot is one full interval after the previous one, on the database's clock
            assertThat(Duration.between(slots.get(i - 1).at(), slots.get(i).at())).isEqualTo(config.paceInterval());
        }
    }

    @Test
    void otherChannelsAreNotDelayedByABusyOne() {
        String busy = DeliveryFixtures.channel("CBUSY");
        for (int i = 0; i < 5; i++) {
            pacer.reserve("TPACE", busy).await().atMost(Duration.ofSeconds(5));
        }
        assertThat(pacer.reserve("TPACE", DeliveryFixtures.channel("CIDLE")).await().atMost(Duration.ofSeconds(5)))
                .isLessThan(Duration.ofMillis(100));
    }

    @Test
    void aPausedChannelGetsNoSlotBeforeThePauseEnds() {
        String channel = DeliveryFixtures.channel("CPAUSE");
        pacer.pause("TPACE", channel, Duration.ofSeconds(3)).await().atMost(Duration.ofSeconds(5));

        assertThat(pacer.reserve("TPACE", channel).await().atMost(Duration.ofSeconds(5)))
                .isGreaterThan(Duration.ofMillis(2800));
    }

    @Test
    void theNextSlotCountsFromSlacksAnswerNotFromWhenTheOutcomeWasWritten() throws InterruptedException {
        String channel = DeliveryFixtures.channel("CANSWER");
        pacer.reserve("TPACE", channel).await().atMost(Duration.ofSeconds(5));
        long sent = System.nanoTime();
        Thread.sleep(600);
        // Slack answered 300 ms after the send, and the outcome is written 300 ms after that (a busy database)
        Attempt answered = new Attempt(java.time.OffsetDateTime.now(), Attempt.OK, null, null, 300,
                sent + Duration.ofMillis(300).toNanos());
        pacer.holdAfterAnswer(pool, "TPACE", channel, answered).await().atMost(Duration.ofSeconds(5));

        // one interval after the answer: about 700 ms from now, not 1,000 (which every busy channel paid per message)
        assertThat(pacer.reserve("TPACE", channel).await().atMost(Duration.ofSeconds(5)))
                .isBetween(Duration.ofMillis(550), Duration.ofMillis(760));
    }

    @Test
    void withoutAnAnswerInstantTheNextSlotIsOneIntervalAfterTheWrite() {
        String channel = DeliveryFixtures.channel("CNOANSWER");
        pacer.reserve("TPACE", channel).await().atMost(Duration.ofSeconds(5));
        pacer.holdAfterAnswer(pool, "TPACE", channel).await().atMost(Duration.ofSeconds(5));

        assertThat(pacer.reserve("TPACE", channel).await().atMost(Duration.ofSeconds(5)))
                .isGreaterThan(Duration.ofMillis(850));
    }
}
