package com.certyneo.slack.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.certyneo.slack.testsupport.FakeSlack;
import com.certyneo.slack.testsupport.Installations;
import com.certyneo.slack.testsupport.RestartablePostgres;
import com.certyneo.slack.testsupport.StandardWebhooks;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;

/**
 * The thread layout under load (SPEC section 3.1): {@code envelopes} envelopes spread over {@code channels} channels
 * (one installation each, layout thread_per_envelope), each living its whole life: sent, three signatures, completed.
 * The events are sent step by step (every envelope's "sent", then every envelope's first signature…), so each
 * channel has a backlog of interleaved envelopes. Measured: time until every delivery has ended, the messages
 * posted (roots and replies), chat.update calls (fewer than replies: an update is skipped when a newer event of the
 * envelope is queued), and 429s from a Slack that refuses a second write to a channel within 1 s.
 */
final class ThreadScenario {

    private static final String[] NAMES = {"Alice Dupont", "Bob Leroy", "Chloé Martin"};

    private final Load load;
    private final RestartablePostgres pg;
    private final FakeSlack slack;
    private final String secret;
    private final String run;
    private final AtomicLong ids = new AtomicLong();

    ThreadScenario(Load load, RestartablePostgres pg, FakeSlack slack, String secret, String run) {
        this.load = load;
        this.pg = pg;
        this.slack = slack;
        this.secret = secret;
        this.run = run;
    }

    static String account(int channel) {
        return "acc_thread_" + channel;
    }

    /** The installations, each on its own workspace and channel, in the thread layout. */
    static List<Installations> installations(int channels) {
        List<Installations> rows = new ArrayList<>();
        for (int i = 0; i < channels; i++) {
            String suffix = account(i).toUpperCase().replace("_", "");
            rows.add(Installations.connected(account(i)).team("T" + suffix, "Bench thread " + i)
                    .botUser("UBENCHBOT", "ABENCH").channel("C" + suffix, "bench-thread-" + i)
                    .layout("thread_per_envelope"));
        }
        return rows;
    }

    Map<String, Object> run(int envelopes, int channels, CpuMeter cpu) throws Exception {
        List<String> channelIds = new ArrayList<>();
        for (int i = 0; i < channels; i++) {
            channelIds.add("C" + account(i).toUpperCase().replace("_", ""));
        }
        long before429 = slack.rateLimited();
        long beforeUpdates = slack.calls(FakeSlack.UPDATE).size();
        HttpClient http = load.client(16);
        cpu.begin();
        long start = System.nanoTime();
        long rejected = 0;
        for (int step = 0; step < 5; step++) {
            CountDownLatch answered = new CountDownLatch(envelopes);
            AtomicLong notAccepted = new AtomicLong();
            for (int e = 0; e < envelopes; e++) {
                load.send(http, signed(step, e, account(e % channels))).onComplete(ar -> {
                    if (ar.failed() || ar.result() != 202) {
                        notAccepted.incrementAndGet();
                    }
                    answered.countDown();
                });
            }
            answered.await(60, TimeUnit.SECONDS);
            rejected += notAccepted.get();
        }
        double acceptedAfter = (System.nanoTime() - start) / 1e9;
        int total = envelopes * 5;
        long ended = awaitEnded(total, Duration.ofSeconds(total * 3L / channels + 120));
        double drained = (System.nanoTime() - start) / 1e9;
        List<FakeSlack.Call> posts = slack.postedMessages().stream()
                .filter(c -> channelIds.contains(c.channel())).toList();
        long roots = posts.stream().filter(c -> c.text() != null && c.text().startsWith("📄")).count();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("envelopes", envelopes);
        result.put("channels", channels);
        result.put("events", total);
        result.put("not_accepted", rejected);
        result.put("deliveries_ended", ended);
        result.put("all_accepted_after_s", Bench.round(acceptedAfter));
        result.put("drain_s", Bench.round(drained));
        result.put("messages_posted", posts.size());
        result.put("roots_posted", roots);
        result.put("replies_posted", posts.size() - roots);
        result.put("chat_update_calls", slack.calls(FakeSlack.UPDATE).size() - beforeUpdates);
        // per channel, every write (post or update) takes a 1 s slot: the floor of the drain time
        result.put("writes_per_channel", Bench.round((posts.size() + slack.calls(FakeSlack.UPDATE).size()
                - beforeUpdates) / (double) channels));
        result.put("rate_limited_429", slack.rateLimited() - before429);
        result.put("cpu", cpu.end());
        http.close();
        return result;
    }

    /** Waits until {@code total} thread deliveries have ended (sent or failed); answers how many did. */
    private long awaitEnded(int total, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long ended = 0;
        try (Connection c = pg.dataSource().getConnection(); Statement s = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery("select count(*) from delivery where account_id like "
                        + "'acc\\_thread\\_%' and status in ('sent', 'failed')")) {
                    rs.next();
                    ended = rs.getLong(1);
                }
                if (ended >= total) {
                    break;
                }
                Thread.sleep(200);
            }
        }
        return ended;
    }

    /** Step 0: sent; 1–3: the k-th signature; 4: completed; of envelope {@code e}. */
    private Events.Signed signed(int step, int e, String account) {
        String type = step == 0 ? "envelope.sent" : step == 4 ? "envelope.completed" : "recipient.signed";
        StringBuilder signers = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            boolean done = i < step;
            signers.append(i == 0 ? "" : ",").append("{\"id\":\"rcp_").append(i + 1).append("\",\"name\":\"")
                    .append(NAMES[i]).append("\",\"status\":\"").append(done ? "signed" : "pending").append('"')
                    .append(done ? ",\"signed_at\":\"2026-11-26T1" + i + ":00:00Z\"" : "").append('}');
        }
        String envelopeId = "env_thread_" + run + "_" + e;
        String recipient = step >= 1 && step <= 3
                ? ",\"recipient\":{\"id\":\"rcp_" + step + "\",\"name\":\"" + NAMES[step - 1] + "\"}"
                : "";
        String proof = step == 4 ? ",\"proof_pdf_url\":\"https://app.certyneo.com/envelopes/" + envelopeId
                + "/proof.pdf\"" : "";
        long n = ids.incrementAndGet();
        String body = "{\"id\":\"" + Events.id("thread", run, n) + "\",\"type\":\"" + type
                + "\",\"created_at\":\"2026-11-26T09:00:00Z\",\"account_id\":\"" + account
                + "\",\"data\":{\"envelope\":{\"id\":\"" + envelopeId + "\",\"title\":\"Contract thread-" + e
                + "\",\"url\":\"https://app.certyneo.com/envelopes/" + envelopeId + "\",\"signers\":[" + signers
                + "]" + proof + "}" + recipient + "}}";
        String id = "msg_thread_" + run + "_" + n;
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("content-type", "application/json")
                .add("webhook-id", id).add("webhook-timestamp", timestamp)
                .add("webhook-signature", StandardWebhooks.sign(secret, id, timestamp, body));
        return new Events.Signed(n, headers, Buffer.buffer(body));
    }
}
