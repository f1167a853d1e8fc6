package com.certyneo.slack.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.FakeSlack;
import com.certyneo.slack.testsupport.FakeSlack.Channel;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * SPEC section 7: held for more than the hold horizon → failed, by the delivery feature's own scheduled check. The
 * horizon is 2 s here instead of 24 h.
 */
@QuarkusTest
@TestProfile(HoldHorizonTest.ShortHoldHorizon.class)
class HoldHorizonTest {

    public static class ShortHoldHorizon implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("delivery.hold-horizon", "2s", "delivery.hold-check-interval", "500ms");
        }
    }

    @Inject
    DeliveryFixtures fixtures;

    @Test
    void deliveriesHeldLongerThanTheHorizonEndFailedWithTheReasonAndTheChannelIsTriedAgainAfter() {
        FakeSlack slack = FakeSlack.get();
        slack.reset();
        String channel = DeliveryFixtures.channel("CHORIZON");
        slack.setChannels(List.of(Channel.publicChannel(channel, "late", false)));
        var inst = fixtures.install(FakeSlack.TEAM_ID, channel, FakeSlack.BOT_TOKEN);

        long first = fixtures.enqueue(inst, "envelope.sent", "First", true);
        await().atMost(Duration.ofSeconds(10)).until(() -> "held".equals(status(first)));
        long second = fixtures.enqueue(inst, "envelope.sent", "Second", true);
        assertThat(status(second)).isEqualTo("held"); // held at once: the channel is known to refuse

        await().atMost(Duration.ofSeconds(10)).until(() -> "failed".equals(status(first))
                && "failed".equals(status(second)));
        for (long id : List.of(first, second)) {
            Row row = fixtures.delivery(id);
            assertThat(row.getString("last_error")).startsWith("not_in_channel (held, gave up after PT2S");
            assertThat(row.getOffsetDateTime("ended_at")).isNotNull();
            assertThat(fixtures.one("select payload from webhook_event where event_id = $1",
                    Tuple.of(row.getString("event_id"))).getValue("payload")).isNull();
        }
        assertThat(slack.posts(channel)).hasSize(1);

        // the hold went with them: the next event tries the channel once more (the bot may have been invited)
        slack.setChannels(List.of(Channel.publicChannel(channel, "late", true)));
        long third = fixtures.enqueue(inst, "envelope.sent", "Third", true);
        await().atMost(Duration.ofSeconds(10)).until(() -> "sent".equals(status(third)));
        assertThat(slack.posts(channel)).hasSize(2);
    }

    private String status(long id) {
        return fixtures.delivery(id).getString("status");
    }
}
