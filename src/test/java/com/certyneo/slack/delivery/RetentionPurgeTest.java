package com.certyneo.slack.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.FakeSlack;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
class RetentionPurgeTest {

    @Inject
    DeliveryFixtures fixtures;

    @Inject
    RetentionPurge purge;

    @Test
    void endedDeliveriesOlderThanTheRetentionAreDeletedWithTheirAttemptsRecentAndQueuedOnesStay() {
        var inst = fixtures.install(FakeSlack.TEAM_ID, DeliveryFixtures.channel("CPURGE"), "xoxb-unused");
        fixtures.update("update installation set status = 'disconnected' where id = $1", Tuple.of(inst.id()));
        // held by a lease so that the running dispatcher leaves them alone
        long old = fixtures.enqueueClaimed(inst, "Old", "purge-test", 3600);
        long recent = fixtures.enqueueClaimed(inst, "Recent", "purge-test", 3600);
        long waiting = fixtures.enqueueClaimed(inst, "Still queued, very old", "purge-test", 3600);
        fixtures.update("""
                update delivery set status = 'sent', ended_at = now() - interval '91 days',
                       received_at = now() - interval '91 days' where id = $1""", Tuple.of(old));
        fixtures.update("insert into delivery_attempt (delivery_id, attempted_at, outcome) values ($1, now(), 'ok')",
                Tuple.of(old));
        fixtures.update("update delivery set status = 'sent', ended_at = now() - interval '89 days' where id = $1",
                Tuple.of(recent));
        fixtures.update("""
                update delivery set received_at = now() - interval '200 days', lease_owner = 'x',
                       lease_until = now() + interval '1 hour' where id = $1""", Tuple.of(waiting));
        String oldEvent = fixtures.delivery(old).getString("event_id");
        purge.purge().await().atMost(Duration.ofSeconds(10));

        assertThat(fixtures.delivery(old)).isNull();
        assertThat(fixtures.one("select event_id from webhook_event where event_id = $1", Tuple.of(oldEvent)))
                .as("the event goes with its delivery").isNull();
        assertThat(fixtures.one("select * from delivery_attempt where delivery_id = $1", Tuple.of(old))).isNull();
        assertThat(fixtures.delivery(recent)).isNotNull();
        assertThat(fixtures.delivery(waiting)).isNotNull(); // queued work is never purged
    }

    @Test
    void threadRootsUnusedForTheRetentionPeriodArePurgedUsedOnesStay() {
        var inst = fixtures.install(FakeSlack.TEAM_ID, DeliveryFixtures.channel("CROOT"), "xoxb-unused");
        fixtures.update("update installation set status = 'disconnected' where id = $1", Tuple.of(inst.id()));
        fixtures.update("""
                insert into thread_root (installation_id, channel_id, envelope_id, root_ts, used_at)
                values ($1, $2, 'env_old', '1.000001', now() - interval '91 days'),
                       ($1, $2, 'env_recent', '1.000002', now() - interval '89 days')""",
                Tuple.of(inst.id(), inst.channelId()));

        purge.purge().await().atMost(Duration.ofSeconds(10));

        assertThat(fixtures.rows("select envelope_id from thread_root where installation_id = $1",
                Tuple.of(inst.id()))).extracting(r -> r.getString("envelope_id")).containsExactly("env_recent");
    }
}
