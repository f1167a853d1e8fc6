package com.certyneo.slack.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.FakeSlack;
import com.certyneo.slack.testsupport.FakeSlack.Call;

import io.quarkus.test.junit.QuarkusTest;

/**
 * A replica follows up the channels it sends to: once it has found a channel's backlog, each next message is claimed
 * by the channel's key when its slot nears, not by walking every channel's head again (DeliveryDispatcher).
 */
@QuarkusTest
class FollowUpDeliveryTest {

    @Inject
    DeliveryFixtures fixtures;
    @Inject
    DeliveryEngine engine;
    @Inject
    DeliveryConfig config;
    @Inject
    Replicas replicas;

    FakeSlack slack;
    DeliveryDispatcher replica;

    @BeforeEach
    void reset() {
        slack = FakeSlack.get();
        slack.reset();
        slack.strictPacing(true);
        // only the replica under test works; the application's sweep wakes the application's replica only
        engine.dispatcher().stop(Duration.ZERO).await().atMost(Duration.ofSeconds(10));
    }

    @AfterEach
    void cleanUp() {
        if (replica != null) {
            replica.stop(Duration.ofSeconds(5)).await().atMost(Duration.ofSeconds(10));
        }
        engine.dispatcher().resume();
    }

    @Test
    void aChannelsBacklogLeavesAtItsPaceWithOneWalkOnly() {
        // one walk an hour at most: every message after the first must come from the follow-up
        replica = replicas.replica("follow-up-replica", with("claimInterval", Duration.ofHours(1)));
        var inst = fixtures.installOnFreshChannel(slack, "CFOLLOW", "follow");
        for (int i = 1; i <= 4; i++) {
            fixtures.enqueue(inst, "envelope.sent", "Follow-" + i, false);
        }

        replica.wake(); // the one walk
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> slack.posts(inst.channelId()).size() >= 4);

        List<Call> posts = slack.posts(inst.channelId());
        assertThat(posts).extracting(c -> c.text().replaceAll(".*Document (\\S+) .*", "$1"))
                .containsExactly("Follow-1", "Follow-2", "Follow-3", "Follow-4");
        assertThat(posts).allMatch(Call::ok);
        assertThat(slack.pacingViolations()).isZero();
        // three slots after the first message, plus Slack's answers and a little lateness; not a walk's hour
        assertThat(Duration.between(posts.get(0).at(), posts.get(3).at())).isLessThan(Duration.ofMillis(4500));
        assertThat(replica.delivered()).isEqualTo(4);
    }

    /** The application's configuration with one setting replaced. */
    private DeliveryConfig with(String setting, Object value) {
        return (DeliveryConfig) java.lang.reflect.Proxy.newProxyInstance(DeliveryConfig.class.getClassLoader(),
                new Class<?>[]{DeliveryConfig.class},
                (proxy, method, args) -> setting.equals(method.getName()) ? value : method.invoke(config, args));
    }
}
