package com.certyneo.slack.delivery;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.FakeSlack;
import com.certyneo.slack.testsupport.FakeSlack.Channel;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Benchmark, not a test (the name keeps it out of the default Surefire run): acceptance → Slack ok on idle
 * channels, as p50/p90/p99/max. Run: {@code ./mvnw test -Dtest=IdleLatencyBenchmark}. Each event is queued the
 * way the intake does (insert + pg_notify in one transaction), on a channel with no backlog, one event every
 * 250 ms; latency is {@code sent_at - received_at} on the database clock (commit of the Slack ok included).
 */
@QuarkusTest
class IdleLatencyBenchmark {

    static final int EVENTS = Integer.getInteger("bench.events", 60);

    @Inject
    DeliveryFixtures fixtures;

    @Test
    void idleChannelLatency() throws InterruptedException {
        FakeSlack slack = FakeSlack.get();
        slack.reset();
        List<String> channels = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            channels.add(DeliveryFixtures.channel("CBENCH"));
        }
        slack.setChannels(channels.stream().map(c -> Channel.publicChannel(c, c, true)).toList());
        List<DeliveryFixtures.Installed> installs = channels.stream()
                .map(c -> fixtures.install(FakeSlack.TEAM_ID, c, FakeSlack.BOT_TOKEN)).toList();
        // warm-up: first connections, JIT
        for (int i = 0; i < 5; i++) {
            fixtures.enqueue(installs.get(i), "recipient.signed", "warm-up", true);
        }
        Thread.sleep(2000);

        List<Long> ids = new ArrayList<>();
        for (int i = 5; i < EVENTS; i++) {
            ids.add(fixtures.enqueue(installs.get(i), "recipient.signed", "bench-" + i, true));
            Thread.sleep(250);
        }
        Long[] array = ids.toArray(new Long[0]);
        await().atMost(Duration.ofSeconds(60)).until(() -> fixtures.one(
                "select count(*) as n from delivery where id = any($1) and status = 'sent'", Tuple.of((Object) array))
                .getLong("n") == array.length);

        Row p = fixtures.one("""
                select percentile_cont(0.5) within group (order by ms) as p50,
                       percentile_cont(0.9) within group (order by ms) as p90,
                       percentile_cont(0.99) within group (order by ms) as p99,
                       max(ms) as max, count(*) as n
                  from (select extract(epoch from (sent_at - received_at)) * 1000 as ms
                          from delivery where id = any($1)) t""", Tuple.of((Object) array));
        System.out.printf("%nIDLE-CHANNEL LATENCY (accepted -> Slack ok committed), n=%d: p50=%.1f ms, p90=%.1f ms, "
                + "p99=%.1f ms, max=%.1f ms%n%n", p.getLong("n"), p.getDouble("p50"), p.getDouble("p90"),
                p.getDouble("p99"), p.getDouble("max"));
        // where the time goes: accepted -> Slack received the call, and the whole, per delivery (slowest first)
        for (Row r : fixtures.rows("""
                select channel_id, extract(epoch from (sent_at - received_at)) * 1000 as ms, received_at
                  from delivery where id = any($1) order by ms desc limit 5""", Tuple.of((Object) array))) {
            var arrival = slack.posts(r.getString("channel_id")).get(0).at();
            System.out.printf("  slowest: total %.1f ms, to Slack %d ms%n", r.getDouble("ms"),
                    Duration.between(r.getOffsetDateTime("received_at").toInstant(), arrival).toMillis());
        }
    }
}
