package com.certyneo.slack.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.certyneo.slack.testsupport.FakeSlack;

/**
 * Scenario "soak": C channels each offered exactly Slack's limit, one webhook a second, for S seconds. Open loop (the
 * generator of {@link Load#openLoop}, its own lag reported): event i goes to channel i mod C at start + i × (1000/C)
 * ms, so channel k gets one every 1.000 s phase-shifted by k × (1000/C) ms. Then waits until every accepted event is
 * in Slack.
 * <p>
 * A service that posts a channel's messages even slightly slower than 1 a second builds a backlog that only grows: at
 * 0.965 msg/s, 12 s of delay after 6 minutes. What shows it:
 * <ul>
 * <li>drain rate of a channel: (n − 1) / (t_n − t_1) over its n messages that arrived at Slack in the window from
 * min(30 s, S/2) after the generator's start to the generator's end, i.e. the inverse of its mean gap there. A
 * service that keeps up shows the offered 1.0; a slower one, its own rate, since its channels are then never empty.
 * (Not messages-in-window / window-length: with about one message a second that count is off by up to one, 3 % of a
 * 30 s window.)</li>
 * <li>accepted → Slack latency overall, over the events accepted in the last minute of the generator, and per 30 s of
 * acceptance: growing when the service falls behind.</li>
 * <li>the smallest gap between two writes (posts and updates, any answer) on one channel at Slack, which must stay
 * at or above 1000 ms, and the 429s.</li>
 * </ul>
 */
final class Soak {

    private final Load load;
    private final FakeSlack slack;
    private final Events hooks;
    private final CpuMeter cpu;

    Soak(Load load, FakeSlack slack, Events hooks, CpuMeter cpu) {
        this.load = load;
        this.slack = slack;
        this.hooks = hooks;
        this.cpu = cpu;
    }

    static String account(int k) {
        return "acc_soak_%03d".formatted(k);
    }

    static List<String> accounts(int channels) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < channels; k++) {
            out.add(account(k));
        }
        return out;
    }

    Map<String, Object> run(int channels, int seconds) throws Exception {
        Bench.log("soak: %d channels x 1 webhook/s each for %d s (open loop)", channels, seconds);
        Set<String> channelIds = new HashSet<>();
        for (int k = 0; k < channels; k++) {
            channelIds.add(Bench.channelId(account(k)));
        }
        long before429 = slack.rateLimited();
        Map<Long, Long> acceptedAt = new ConcurrentHashMap<>();
        List<Long> sentMarkers = new ArrayList<>();
        long[] next = {0};
        // called in order by the generator's timer, once per due event
        java.util.function.Supplier<Events.Signed> source = () -> {
            synchronized (next) {
                Events.Signed hook = hooks.next(account((int) (next[0]++ % channels)));
                sentMarkers.add(hook.marker());
                return hook;
            }
        };
        cpu.begin();
        long start = Bench.epochNanos();
        Load.Result open = load.openLoop(channels, Duration.ofSeconds(seconds), source,
                (marker, nanos) -> acceptedAt.put(marker, Bench.epochNanos()));
        long generatorEnd = start + seconds * 1_000_000_000L;
        List<Long> accepted = new ArrayList<>(acceptedAt.keySet());
        // generous: a service at half the rate would need as long again to drain
        Map<Long, Long> arrived = new SlackCalls(slack, accepted).await(Duration.ofSeconds(seconds + 120L));
        long drained = arrived.values().stream().mapToLong(Long::longValue).max().orElse(generatorEnd);

        Map<String, Object> soak = new LinkedHashMap<>();
        soak.put("channels", channels);
        soak.put("seconds", seconds);
        soak.put("offered_per_channel_per_s", 1.0);
        synchronized (next) {
            soak.put("events_sent", sentMarkers.size());
        }
        soak.put("accepted", acceptedAt.size());
        soak.put("statuses", open.statuses());
        soak.put("delivered", arrived.size());
        soak.put("generator_lag", open.generatorLag().summary());
        soak.put("ack_latency_from_intended_send", open.latency().summary());
        soak.put("last_message_after_generator_end_s", Bench.round((drained - generatorEnd) / 1e9));

        List<FakeSlack.Call> calls = slack.calls();
        soak.put("duplicate_messages", SlackCalls.duplicates(calls, accepted));
        soak.put("rate_limited_429", slack.rateLimited() - before429);
        soak.put("rate_limited_429_on_soak_channels", SlackCalls.rateLimited(calls, channelIds));
        soak.putAll(SlackCalls.minGap(SlackCalls.writesByChannel(calls, channelIds, false)));

        Map<String, List<Long>> messages = SlackCalls.writesByChannel(calls, channelIds, true);
        long windowFrom = start + Math.min(30L, seconds / 2L) * 1_000_000_000L;
        soak.put("drain_window_s", List.of(Bench.round((windowFrom - start) / 1e9), seconds));
        List<Double> drain = new ArrayList<>();
        List<Double> meanGap = new ArrayList<>();
        for (List<Long> t : messages.values()) {
            List<Long> in = t.stream().filter(x -> x >= windowFrom && x <= generatorEnd).toList();
            if (in.size() > 1) {
                drain.add((in.size() - 1) / ((in.get(in.size() - 1) - in.get(0)) / 1e9));
            }
            if (t.size() > 1) {
                meanGap.add((t.get(t.size() - 1) - t.get(0)) / 1e6 / (t.size() - 1));
            }
        }
        soak.put("drain_rate_per_channel", spread(drain, 3));
        soak.put("mean_gap_per_channel_ms", spread(meanGap, 1));
        latency(soak, acceptedAt, arrived, start, generatorEnd);
        soak.put("cpu", cpu.end());
        Bench.log("soak: %s", soak);
        return soak;
    }

    private static void latency(Map<String, Object> soak, Map<Long, Long> acceptedAt, Map<Long, Long> arrived,
            long start, long generatorEnd) {
        Stats all = new Stats();
        Stats lastMinute = new Stats();
        List<Stats> buckets = new ArrayList<>();
        long lastMinuteFrom = Math.max(start, generatorEnd - 60_000_000_000L);
        for (Map.Entry<Long, Long> e : arrived.entrySet()) {
            long a = acceptedAt.get(e.getKey());
            long l = e.getValue() - a;
            all.add(l);
            if (a >= lastMinuteFrom) {
                lastMinute.add(l);
            }
            int bucket = (int) Math.max(0, (a - start) / 30_000_000_000L);
            while (buckets.size() <= bucket) {
                buckets.add(new Stats());
            }
            buckets.get(bucket).add(l);
        }
        soak.put("accepted_to_slack_latency", all.summary());
        soak.put("accepted_to_slack_latency_last_minute", lastMinute.summary());
        List<Map<String, Object>> by30s = new ArrayList<>();
        for (int b = 0; b < buckets.size(); b++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("accepted_from_s", b * 30);
            m.put("p50_ms", Stats.round(buckets.get(b).percentileMs(50)));
            m.put("max_ms", Stats.round(buckets.get(b).percentileMs(100)));
            by30s.add(m);
        }
        soak.put("accepted_to_slack_latency_by_30s", by30s);
    }

    /** Channels measured, p50, minimum and maximum of a per-channel figure. */
    private static Map<String, Object> spread(List<Double> values, int decimals) {
        List<Double> sorted = values.stream().sorted().toList();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("channels", sorted.size());
        if (!sorted.isEmpty()) {
            double scale = Math.pow(10, decimals);
            m.put("p50", Math.round(sorted.get((sorted.size() - 1) / 2) * scale) / scale);
            m.put("min", Math.round(sorted.get(0) * scale) / scale);
            m.put("max", Math.round(sorted.get(sorted.size() - 1) * scale) / scale);
        }
        return m;
    }
}
