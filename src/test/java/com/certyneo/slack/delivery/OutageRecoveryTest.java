package com.certyneo.slack.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.FakeSlack;
import com.certyneo.slack.testsupport.FakeSlack.Call;
import com.certyneo.slack.testsupport.FakeSlack.Channel;
import com.certyneo.slack.testsupport.FakeSlack.Reply;
import com.certyneo.slack.testsupport.ProductionClockProfile;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * SPEC section 7, outage recovery: when Slack comes back, the backlog starts flowing within 30 s, whatever each
 * delivery's own backoff says (here it starts at 4 min, as it stands after a long outage with the production
 * settings), still paced, in order, without duplicates.
 */
@QuarkusTest
@TestProfile(ProductionClockProfile.class)
class OutageRecoveryTest {

    private static final Logger LOG = Logger.getLogger(OutageRecoveryTest.class);
    private static final Duration OUTAGE = Duration.ofSeconds(35);
    private static final Duration PROMISE = Duration.ofSeconds(30);
    private static final int PER_CHANNEL = 5;

    @Inject
    DeliveryFixtures fixtures;
    @Inject
    DeliveryConfig config;

    FakeSlack slack;

    @BeforeEach
    void reset() {
        slack = FakeSlack.get();
        slack.reset();
    }

    @Test
    void afterAnOutageTheBacklogOfEveryChannelFlowsWithinThirtySecondsPacedInOrderAndOnce()
            throws InterruptedException {
        assertThat(config.backoffBase()).isGreaterThanOrEqualTo(Duration.ofMinutes(4));
        List<String> channels = List.of(DeliveryFixtures.channel("COUT500"), DeliveryFixtures.channel("COUT503"),
                DeliveryFixtures.channel("COUTHANG"));
        slack.setChannels(channels.stream().map(c -> Channel.publicChannel(c, c, true)).toList());
        // Slack is down, in three ways: 500, 503, and calls that hang until the client gives up
        slack.always(FakeSlack.POST_MESSAGE, channels.get(0), Reply.httpStatus(500));
        slack.always(FakeSlack.POST_MESSAGE, channels.get(1), Reply.httpStatus(503));
        slack.always(FakeSlack.POST_MESSAGE, channels.get(2), Reply.disconnect().after(Duration.ofSeconds(10)));
        Instant outageStart = Instant.now();
        List<Long> ids = new ArrayList<>();
        for (String channel : channels) {
            var inst = fixtures.install(FakeSlack.TEAM_ID, channel, FakeSlack.BOT_TOKEN);
            for (int i = 1; i <= PER_CHANNEL; i++) {
                ids.add(fixtures.enqueue(inst, "envelope.sent", channel + "-" + i, true));
            }
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> channels.stream().allMatch(c -> !slack.posts(c).isEmpty()));

        Thread.sleep(Math.max(0, OUTAGE.minus(Duration.between(outageStart, Instant.now())).toMillis()));
        int failedDuringOutage = slack.posts().size();
        slack.clearScripts();
        Instant recovered = Instant.now();

        await().atMost(PROMISE.plus(Duration.ofSeconds(15))).pollInterval(Duration.ofMillis(200))
                .until(() -> slack.postedMessages().size() >= channels.size() * PER_CHANNEL);

        for (String channel : channels) {
            List<Call> ok = slack.posts(channel).stream().filter(Call::ok).toList();
            Duration resumed = Duration.between(recovered, ok.get(0).at());
            LOG.infof("%s: first message %d ms after Slack recovered, last %d ms", channel, resumed.toMillis(),
                    Duration.between(recovered, ok.get(ok.size() - 1).at()).toMillis());
            assertThat(resumed).isLessThanOrEqualTo(PROMISE);
            // in order and once each
            assertThat(ok.stream().map(c -> title(c, channel)))
                    .containsExactly(channel + "-1", channel + "-2", channel + "-3", channel + "-4", channel + "-5");
            // paced: every call to the channel, failed ones included, at least one interval after the previous one
            List<Call> all = slack.posts(channel);
            for (int i = 1; i < all.size(); i++) {
                assertThat(Duration.between(all.get(i - 1).at(), all.get(i).at()))
                        .isGreaterThanOrEqualTo(config.paceInterval());
            }
        }
        // the outage cost one call per channel, then one probe per workspace per probe interval (not one per channel)
        LOG.infof("calls to Slack during the %d s outage: %d", OUTAGE.toSeconds(), failedDuringOutage);
        assertThat(failedDuringOutage)
                .isLessThanOrEqualTo(channels.size() + (int) (OUTAGE.toSeconds() / probeInterval().toSeconds()) + 1);
        for (long id : ids) {
            assertThat(fixtures.delivery(id).getString("status")).isEqualTo("sent");
        }
    }

    private static String title(Call call, String channel) {
        Matcher m = Pattern.compile(Pattern.quote(channel) + "-\\d+").matcher(call.text());
        return m.find() ? m.group() : call.text();
    }

    private static Duration probeInterval() {
        return ConfigProvider.getConfig().getOptionalValue("delivery.probe-interval", Duration.class)
                .orElse(Duration.ofSeconds(10));
    }
}
