package com.certyneo.slack.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.certyneo.slack.testsupport.FakeSlack;
import com.certyneo.slack.testsupport.RestartablePostgres;

import io.vertx.core.http.HttpClient;

/**
 * Scenario "many": C channels × N events each, sent by a closed loop of 32 until every event is accepted once, then
 * followed to Slack. Run once per size of {@code --channels}, each size on its own fresh accounts and channels (run 0:
 * acc_ch_000…, the accounts the idle scenario also uses; run r: acc_m{r}_c0000…), so that no run inherits another's
 * backlog or pacing. Measures aggregate, steady and after-all-accepted msg/s, 429s, duplicates and the smallest gap
 * between two writes on one channel at Slack.
 */
final class ManyChannels {

    private static final int SENDERS = 32;

    private final Load load;
    private final RestartablePostgres pg;
    private final FakeSlack slack;
    private final Events hooks;
    private final CpuMeter cpu;
    private int issued;

    ManyChannels(Load load, RestartablePostgres pg, FakeSlack slack, Events hooks, CpuMeter cpu) {
        this.load = load;
        this.pg = pg;
        this.slack = slack;
        this.hooks = hooks;
        this.cpu = cpu;
    }

    /** The account of channel {@code i} in run {@code run}. */
    static String account(int run, int i) {
        return run == 0 ? Bench.channelAccount(i) : "acc_m%d_c%04d".formatted(run, i);
    }

    /** Every account of every run, for the installations inserted before the scenarios. */
    static List<String> accounts(List<Integer> sizes) {
        List<String> out = new ArrayList<>();
        for (int r = 0; r < sizes.size(); r++) {
            for (int i = 0; i < sizes.get(r); i++) {
                out.add(account(r, i));
            }
        }
        return out;
    }

    /** Run 0 keeps the key of the earlier single-size results; the others are named by their size. */
    static String resultKey(int run, int channels) {
        return run == 0 ? "many_channels" : "many_channels_" + channels;
    }

    Map<String, Object> run(int run, int channels, int per) throws Exception {
        return run(run, channels, per, false);
    }

    /**
     * The same channels with their whole backlog accepted before the first message leaves (their channels paused
     * meanwhile, as after an outage): the delivery rate alone, not shared with the intake on the 2 cores.
     */
    Map<String, Object> drain(int run, int channels, int per) throws Exception {
        return run(run, channels, per, true);
    }

    private Map<String, Object> run(int run, int channels, int per, boolean backlogFirst) throws Exception {
        Bench.log("many channels (run %d%s): %d channels x %d events", run, backlogFirst ? ", backlog first" : "",
                channels, per);
        String accounts = "array[" + java.util.stream.IntStream.range(0, channels)
                .mapToObj(i -> "'" + account(run, i) + "'").collect(java.util.stream.Collectors.joining(",")) + "]";
        if (backlogFirst) {
            PgStats.execute(pg, """
                    insert into channel_pace (team_id, channel_id, paused_until)
                    select team_id, channel_id, now() + interval '1 hour' from installation where account_id = any(%s)
                    on conflict (team_id, channel_id) do update set paused_until = excluded.paused_until"""
                    .formatted(accounts));
        }
        long before429 = slack.rateLimited();
        Set<String> channelIds = new HashSet<>();
        for (int i = 0; i < channels; i++) {
            channelIds.add(Bench.channelId(account(run, i)));
        }
        List<Long> markers = new ArrayList<>();
        int[] next = {0};
        Supplier<Events.Signed> source = () -> {
            synchronized (next) {
                Events.Signed hook = hooks.next(account(run, next[0]++ % channels));
                markers.add(hook.marker());
                return hook;
            }
        };
        PgStats.resetStatements(pg);
        cpu.begin();
        long start = Bench.epochNanos();
        HttpClient http = load.client(SENDERS);
        CountDownLatch sent = new CountDownLatch(channels * per);
        synchronized (this) {
            issued = 0;
        }
        for (int w = 0; w < SENDERS; w++) {
            sendChain(http, source, sent, channels * per);
        }
        sent.await(300, TimeUnit.SECONDS);
        long allAccepted = Bench.epochNanos();
        if (backlogFirst) {
            cpu.end();
            PgStats.resetStatements(pg);
            cpu.begin(); // the figures of the drain alone
            // the dispatcher's sweep (every 5 s) finds the channels free: the rates count from the first message
            PgStats.execute(pg, """
                    update channel_pace set paused_until = null
                     where (team_id, channel_id) in (select team_id, channel_id from installation
                                                      where account_id = any(%s))""".formatted(accounts));
        }
        List<Long> snapshot;
        synchronized (next) {
            snapshot = new ArrayList<>(markers);
        }
        Map<Long, Long> arrived = new SlackCalls(slack, snapshot).await(Duration.ofSeconds(per * 3L + 60));
        List<Long> times = arrived.values().stream().sorted().toList();
        Map<String, Object> many = new LinkedHashMap<>();
        many.put("channels", channels);
        many.put("accounts", account(run, 0) + " … " + account(run, channels - 1));
        many.put("events_per_channel", per);
        many.put("delivered", arrived.size());
        many.put("all_accepted_after_s", Bench.round((allAccepted - start) / 1e9));
        many.put("backlog_accepted_before_the_first_message", backlogFirst);
        if (times.size() > 1) {
            rates(many, times, start, allAccepted, channels);
        }
        many.put("rate_limited_429", slack.rateLimited() - before429);
        List<FakeSlack.Call> calls = slack.calls();
        Map<String, List<Long>> writes = SlackCalls.writesByChannel(calls, channelIds, false);
        many.put("channels_written", writes.size());
        many.putAll(SlackCalls.minGap(writes));
        many.put("duplicate_messages", SlackCalls.duplicates(calls, snapshot));
        many.put("cpu", cpu.end());
        many.put("channel_cycle", PgStats.channelCycles(pg, accounts, start / 1_000_000L,
                allAccepted / 1_000_000L));
        many.put("postgresql_top_statements", PgStats.topStatements(pg, 12));
        Bench.log("many channels (%d): %s", channels, many);
        http.close();
        return many;
    }

    private static void rates(Map<String, Object> many, List<Long> times, long start, long allAccepted,
            int channels) {
        double span = (times.get(times.size() - 1) - times.get(0)) / 1e9;
        many.put("first_to_last_message_s", Bench.round(span));
        many.put("aggregate_messages_per_s", Bench.round(times.size() / span));
        // the middle of the run, where every channel still has a backlog
        long from = times.get(0) + 5_000_000_000L;
        long to = times.get(times.size() - 1) - 5_000_000_000L;
        long inWindow = times.stream().filter(t -> t >= from && t <= to).count();
        if (to > from) {
            many.put("steady_messages_per_s", Bench.round(inWindow / ((to - from) / 1e9)));
        }
        many.put("ideal_messages_per_s", channels);
        // once every event is accepted the intake no longer competes for the 2 cores
        long last = times.get(times.size() - 1) - 2_000_000_000L;
        long afterIntake = times.stream().filter(t -> t >= allAccepted && t <= last).count();
        if (last > allAccepted) {
            many.put("after_all_accepted_messages_per_s", Bench.round(afterIntake / ((last - allAccepted) / 1e9)));
        }
        List<Long> perSecond = new ArrayList<>();
        for (long t : times) {
            int second = (int) ((t - start) / 1_000_000_000L);
            while (perSecond.size() <= second) {
                perSecond.add(0L);
            }
            perSecond.set(second, perSecond.get(second) + 1);
        }
        many.put("messages_per_second_since_start", perSecond);
    }

    /** One sender of the closed loop: the next event as soon as the previous one is answered, until all are. */
    private void sendChain(HttpClient http, Supplier<Events.Signed> source, CountDownLatch sent, int total) {
        synchronized (this) {
            if (sent.getCount() == 0 || issued >= total) {
                return;
            }
            issued++;
        }
        load.send(http, source.get()).onComplete(ar -> {
            sent.countDown();
            sendChain(http, source, sent, total);
        });
    }
}
