package com.certyneo.slack.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.FakeSlack;
import com.certyneo.slack.testsupport.FakeSlack.Call;
import com.certyneo.slack.testsupport.FakeSlack.Channel;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Several replicas on one database: the application's dispatcher plus a second one with its own owner id, as a
 * second process would run it (SPEC sections 7 and 8).
 */
@QuarkusTest
class TwoReplicasTest {

    @Inject
    DeliveryFixtures fixtures;
    @Inject
    DeliveryEngine engine;
    @Inject
    ChannelPacer pacer;
    @Inject
    DeliveryConfig config;
    @Inject
    Replicas replicas;

    FakeSlack slack;

    @BeforeEach
    void reset() {
        slack = FakeSlack.get();
        slack.reset();
    }

    @Test
    void twoReplicasNeverPostAnEventTwiceAndTogetherKeepOneMessagePerSecondPerChannel() {
        List<String> channels = List.of(DeliveryFixtures.channel("CREPA"), DeliveryFixtures.channel("CREPB"),
                DeliveryFixtures.channel("CREPC"));
        slack.setChannels(channels.stream().map(c -> Channel.publicChannel(c, c, true)).toList());
        slack.strictPacing(true);
        // one claim at a time: it leaves the other channels to the application's replica, so both do work
        DeliveryDispatcher second = dispatcher("second-replica", with("concurrency", 1));
        List<String> titles = new ArrayList<>();
        List<DeliveryFixtures.Installed> installs = channels.stream()
                .map(channel -> fixtures.install(FakeSlack.TEAM_ID, channel, FakeSlack.BOT_TOKEN)).toList();
        // the second replica gets the first channel to itself, then the application's replica the others: a
        // replica that has just posted on a channel is woken for its next slot, so each keeps working; from then
        // on both are woken all the time and compete for every channel
        enqueue(installs.get(0), channels.get(0), titles);
        // woken until it has posted: the application's sweep may take the channel's first head before it does
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            second.wake();
            return second.delivered() > 0;
        });
        enqueue(installs.get(1), channels.get(1), titles);
        enqueue(installs.get(2), channels.get(2), titles);
        engine.dispatcher().wake();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                second.wake(); // the second replica has no LISTEN here: it polls hard instead
                engine.dispatcher().wake();
                return channels.stream().mapToInt(c -> slack.posts(c).size()).sum() >= titles.size();
            });
        } finally {
            second.stop(Duration.ofSeconds(5)).await().atMost(Duration.ofSeconds(10));
        }

        List<Call> posts = channels.stream().flatMap(c -> slack.posts(c).stream()).toList();
        Map<String, Long> perTitle = posts.stream()
                .map(c -> c.text().replaceAll(".*document (\\S+) \\(.*", "$1"))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(perTitle.keySet()).containsExactlyInAnyOrderElementsOf(titles);
        assertThat(perTitle.values()).allMatch(n -> n == 1);
        assertThat(posts).allMatch(Call::ok);
        assertThat(slack.pacingViolations()).isZero();
        for (String channel : channels) {
            assertThat(slack.posts(channel).stream().map(c -> c.text().replaceAll(".*document (\\S+) \\(.*", "$1")))
                    .containsExactly(channel + "-1", channel + "-2", channel + "-3", channel + "-4", channel + "-5",
                            channel + "-6");
        }
        assertThat(second.delivered()).isPositive();
        assertThat(second.delivered()).isLessThan(titles.size());
    }

    @Test
    void stoppingAReplicaGivesBackClaimsThatHaveNotReachedSlackAndAnotherReplicaSendsThem() {
        String channel = DeliveryFixtures.channel("CSTOP");
        slack.setChannels(List.of(Channel.publicChannel(channel, channel, true)));
        var inst = fixtures.install(FakeSlack.TEAM_ID, channel, FakeSlack.BOT_TOKEN);
        // the channel's next slots are taken (e.g. test messages), so the claimed delivery waits for its turn
        // (two slots: a wait under half the lease, so the claim is held while waiting)
        for (int i = 0; i < 2; i++) {
            pacer.reserve(FakeSlack.TEAM_ID, channel).await().atMost(Duration.ofSeconds(5));
        }
        // claims ahead of a slot 2 s away, so that its claim is still waiting when it stops
        DeliveryDispatcher leaving = dispatcher("replica-leaving", with("claimAhead", Duration.ofSeconds(10)));
        DeliveryDispatcher app = engine.dispatcher();
        app.stop(Duration.ofSeconds(5)).await().atMost(Duration.ofSeconds(10)); // so that "leaving" claims it
        long id;
        try {
            id = fixtures.enqueue(inst, "envelope.sent", "Handover", false);
            leaving.wake();
            await().atMost(Duration.ofSeconds(5)).until(() -> "replica-leaving".equals(
                    fixtures.delivery(id).getString("lease_owner")));

            leaving.stop(Duration.ZERO).await().atMost(Duration.ofSeconds(5));

            assertThat(fixtures.delivery(id).getString("lease_owner")).isNull();
        } finally {
            app.resume();
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> "sent".equals(fixtures.delivery(id).getString("status")));
        assertThat(slack.posts(channel)).hasSize(1);
        assertThat(leaving.delivered()).isZero();
        assertThat(fixtures.one("select count(*) as n from delivery_attempt where delivery_id = $1", Tuple.of(id))
                .getLong("n")).isEqualTo(1);
    }

    @Test
    void aWorkerWhoseClaimWasCancelledOrTakenOverSendsNothingAndBooksNoSlot() {
        String channel = DeliveryFixtures.channel("CLOST");
        slack.setChannels(List.of(Channel.publicChannel(channel, channel, true)));
        var inst = fixtures.install(FakeSlack.TEAM_ID, channel, FakeSlack.BOT_TOKEN);
        DeliveryDispatcher worker = dispatcher("replica-worker", config);
        long cancelled = fixtures.enqueueClaimed(inst, "Cancelled", "replica-worker", 60);
        long takenOver = fixtures.enqueueClaimed(inst, "TakenOver", "replica-worker", 60);
        long held = fixtures.enqueueClaimed(inst, "Held", "replica-worker", 60);
        // between the claim and the worker's turn: a disconnect cancels one, another replica took the other over
        fixtures.update("update delivery set status = 'cancelled' where id = $1", Tuple.of(cancelled));
        fixtures.update("update delivery set lease_owner = 'replica-other' where id = $1", Tuple.of(takenOver));

        worker.process(claimed(cancelled)).await().atMost(Duration.ofSeconds(10));
        worker.process(claimed(takenOver)).await().atMost(Duration.ofSeconds(10));

        assertThat(slack.posts(channel)).isEmpty();
        assertThat(fixtures.one("select count(*) as n from channel_pace where channel_id = $1", Tuple.of(channel))
                .getLong("n")).isZero();
        assertThat(fixtures.attempts(cancelled)).isEmpty();
        assertThat(fixtures.attempts(takenOver)).isEmpty();

        // the same worker with a claim still its own posts it: the two above were refused for their claims only
        worker.process(claimed(held)).await().atMost(Duration.ofSeconds(10));
        assertThat(slack.posts(channel)).hasSize(1);
        assertThat(fixtures.delivery(held).getString("status")).isEqualTo("sent");
        assertThat(fixtures.delivery(cancelled).getString("status")).isEqualTo("cancelled");
        assertThat(fixtures.delivery(takenOver).getString("lease_owner")).isEqualTo("replica-other");
        // its lease would expire in a minute and the application's replica would send it during another test
        fixtures.update("update delivery set status = 'cancelled' where id = $1", Tuple.of(takenOver));
    }

    /** What a claim returns for delivery {@code id}, read from the database. */
    private ClaimedDelivery claimed(long id) {
        return ClaimedDelivery.of(fixtures.one("""
                select d.*, i.status as installation_status, i.status = 'connected' as connected,
                       i.health = 'needs_attention' as needs_attention, i.token_key_id, i.token_ciphertext,
                       i.layout, i.locale, i.digest_enabled, i.digest_after, e.payload
                  from delivery d join installation i on i.id = d.installation_id
                  join webhook_event e on e.event_id = d.event_id
                 where d.id = $1""", Tuple.of(id)));
    }

    private DeliveryDispatcher dispatcher(String owner, DeliveryConfig cfg) {
        return replicas.replica(owner, cfg);
    }

    private void enqueue(DeliveryFixtures.Installed inst, String channel, List<String> titles) {
        for (int i = 1; i <= 6; i++) {
            String title = channel + "-" + i;
            titles.add(title);
            fixtures.enqueue(inst, "recipient.signed", title, false);
        }
    }

    /** The application's configuration with one setting replaced. */
    private DeliveryConfig with(String setting, Object value) {
        return (DeliveryConfig) java.lang.reflect.Proxy.newProxyInstance(DeliveryConfig.class.getClassLoader(),
                new Class<?>[]{DeliveryConfig.class},
                (proxy, method, args) -> setting.equals(method.getName()) ? value : method.invoke(config, args));
    }
}
