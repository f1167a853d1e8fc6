package com.certyneo.slack.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.certyneo.slack.testsupport.FakeSlack;
import com.certyneo.slack.testsupport.Installations;
import com.certyneo.slack.testsupport.RestartablePostgres;

import io.vertx.core.http.HttpClient;

/**
 * Scenario "digest" (SPEC section 3.2): a burst of {@code envelope.sent} events at once to one channel of an
 * installation with the burst digest on (after 10). Measures the time until every event is recorded sent, the messages
 * Slack got on that channel, 429s, and how many events the digests carried (digest_size), from the database.
 */
final class DigestBurst {

    static final String ACCOUNT = "acc_digest";
    static final String CHANNEL = "CACCDIGEST";

    private DigestBurst() {
    }

    /** The installation of the scenario, with the digest on from 10 waiting messages. */
    static Installations installation() {
        return Installations.connected(ACCOUNT).team("TACCDIGEST", "Bench " + ACCOUNT).botUser("UBENCHBOT", "ABENCH")
                .channel(CHANNEL, "bench-digest").digest(true, 10);
    }

    static Map<String, Object> run(Load load, RestartablePostgres pg, FakeSlack slack, Events hooks, CpuMeter cpu,
            int n) throws Exception {
        long before429 = slack.rateLimited();
        HttpClient http = load.client(Math.min(n, 64));
        CountDownLatch answered = new CountDownLatch(n);
        cpu.begin();
        long start = System.nanoTime();
        Instant startedAt = Instant.now();
        for (int i = 0; i < n; i++) {
            load.send(http, hooks.next(ACCOUNT)).onComplete(ar -> answered.countDown());
        }
        answered.await(120, TimeUnit.SECONDS);
        long accepted = System.nanoTime();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(n * 2L + 30);
        long[] counts = counts(pg);
        while (counts[0] < n && System.nanoTime() < deadline) {
            Thread.sleep(100);
            counts = counts(pg);
        }
        long drained = System.nanoTime();
        List<FakeSlack.Call> posts = slack.posts(CHANNEL);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("events", n);
        r.put("digest_after", 10);
        r.put("sent", counts[0]);
        r.put("all_accepted_after_ms", (accepted - start) / 1_000_000);
        r.put("first_accept_to_all_sent_s", Bench.round((drained - start) / 1e9));
        r.put("without_digest_would_take_s", n - 1);
        r.put("messages", posts.stream().filter(FakeSlack.Call::ok).count());
        r.put("digests", counts[1]);
        r.put("events_in_digests", counts[2]);
        r.put("events_with_more_than_one_attempt", counts[3]);
        if (posts.size() > 1) {
            r.put("first_to_last_message_s", Bench.round(
                    (posts.get(posts.size() - 1).at().toEpochMilli() - posts.get(0).at().toEpochMilli()) / 1000.0));
        }
        r.put("rate_limited_429", slack.rateLimited() - before429);
        r.put("cpu", cpu.end());
        r.put("started_at", startedAt.toString());
        http.close();
        return r;
    }

    /** Sent deliveries, distinct digests, deliveries carried by a digest, deliveries tried more than once. */
    private static long[] counts(RestartablePostgres pg) throws SQLException {
        try (Connection c = pg.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("""
                        select count(*) filter (where status = 'sent'),
                               count(distinct slack_ts) filter (where digest_size is not null),
                               count(*) filter (where digest_size is not null),
                               count(*) filter (where attempts > 1)
                          from delivery where account_id = ?""")) {
            s.setString(1, ACCOUNT);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new long[]{rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)};
            }
        }
    }
}
