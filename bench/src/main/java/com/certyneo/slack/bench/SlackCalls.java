package com.certyneo.slack.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.certyneo.slack.testsupport.FakeSlack;

/**
 * What the fake Slack recorded for one scenario, read from its calls' arrival instants: when each event's message
 * arrived, the gaps between writes on each channel, duplicates.
 */
final class SlackCalls {

    private final FakeSlack slack;
    private final Set<Long> wanted;
    private final Map<Long, Long> firstArrival = new HashMap<>();
    private int scanned;

    SlackCalls(FakeSlack slack, Collection<Long> markers) {
        this.slack = slack;
        this.wanted = new HashSet<>(markers);
    }

    /**
     * Waits until every wanted event has an accepted chat.postMessage, or the timeout; answers marker → arrival (epoch
     * ns). Reads only the calls recorded since the previous poll: tens of thousands of messages re-parsed ten times a
     * second would take the harness' CPU from the service it measures.
     */
    Map<Long, Long> await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<FakeSlack.Call> calls = slack.calls();
            for (int i = scanned; i < calls.size(); i++) {
                FakeSlack.Call c = calls.get(i);
                if (c.ok() && FakeSlack.POST_MESSAGE.equals(c.method())) {
                    long m = Bench.marker(c);
                    if (wanted.contains(m)) {
                        firstArrival.putIfAbsent(m, nanos(c.at()));
                    }
                }
            }
            scanned = calls.size();
            if (firstArrival.size() == wanted.size() || System.nanoTime() >= deadline) {
                return new HashMap<>(firstArrival);
            }
            Thread.sleep(250);
        }
    }

    /**
     * Arrival instants (epoch ns, ascending) of the writes (chat.postMessage and chat.update) on each of
     * {@code channels}; {@code acceptedOnly} keeps the ones Slack accepted, otherwise 429s and errors count too, as
     * Slack's own pacing counts every call.
     */
    static Map<String, List<Long>> writesByChannel(List<FakeSlack.Call> calls, Set<String> channels,
            boolean acceptedOnly) {
        Map<String, List<Long>> out = new TreeMap<>();
        for (FakeSlack.Call c : calls) {
            boolean write = FakeSlack.POST_MESSAGE.equals(c.method()) || FakeSlack.UPDATE.equals(c.method());
            if (write && channels.contains(c.channel()) && (c.ok() || !acceptedOnly)) {
                out.computeIfAbsent(c.channel(), k -> new ArrayList<>()).add(nanos(c.at()));
            }
        }
        out.values().forEach(l -> l.sort(null));
        return out;
    }

    /**
     * The smallest gap between two consecutive writes on one channel, over every channel, with the channel where it
     * happened and how many channels had a gap under Slack's 1 s.
     */
    static Map<String, Object> minGap(Map<String, List<Long>> writes) {
        long min = Long.MAX_VALUE;
        String where = null;
        int under = 0;
        for (Map.Entry<String, List<Long>> e : writes.entrySet()) {
            long channelMin = Long.MAX_VALUE;
            List<Long> t = e.getValue();
            for (int i = 1; i < t.size(); i++) {
                channelMin = Math.min(channelMin, t.get(i) - t.get(i - 1));
            }
            if (channelMin < 1_000_000_000L) {
                under++;
            }
            if (channelMin < min) {
                min = channelMin;
                where = e.getKey();
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("min_gap_ms", min == Long.MAX_VALUE ? Double.NaN : Stats.round(min / 1e6));
        out.put("min_gap_channel", where);
        out.put("channels_with_a_gap_under_1000_ms", under);
        return out;
    }

    /** Events of {@code markers} whose message Slack accepted more than once. */
    static long duplicates(List<FakeSlack.Call> calls, Collection<Long> markers) {
        Set<Long> mine = new HashSet<>(markers);
        Map<Long, Integer> seen = new HashMap<>();
        for (FakeSlack.Call c : calls) {
            if (c.ok() && FakeSlack.POST_MESSAGE.equals(c.method())) {
                long m = Bench.marker(c);
                if (mine.contains(m)) {
                    seen.merge(m, 1, Integer::sum);
                }
            }
        }
        return seen.values().stream().filter(n -> n > 1).count();
    }

    /** Calls answered 429 on {@code channels}. */
    static long rateLimited(List<FakeSlack.Call> calls, Set<String> channels) {
        return calls.stream().filter(c -> c.status() == 429 && channels.contains(c.channel())).count();
    }

    static long nanos(Instant at) {
        return at.getEpochSecond() * 1_000_000_000L + at.getNano();
    }
}
