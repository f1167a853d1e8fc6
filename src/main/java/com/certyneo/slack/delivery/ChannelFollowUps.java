package com.certyneo.slack.delivery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * The channels one dispatcher follows, each with the time (System.nanoTime) its head may next be claimed: a channel
 * it has just sent to, and every channel whose head its last claim found not due yet. Claiming these by their keys
 * costs one index probe per channel; walking every channel's head for each claim cost a probe per channel with a
 * backlog, due or not, several times a second (at 1,000 busy channels, most of PostgreSQL's time). A hint only: the
 * claim statement decides, so a channel another replica took meanwhile is simply not returned and dropped.
 */
final class ChannelFollowUps {

    private record Entry(long dueNanos, ChannelKey channel) {
    }

    private static final Comparator<Entry> ORDER = Comparator.comparingLong(Entry::dueNanos)
            .thenComparing(e -> e.channel().teamId()).thenComparing(e -> e.channel().channelId());

    private final Map<ChannelKey, Long> due = new HashMap<>();
    private final TreeSet<Entry> byDue = new TreeSet<>(ORDER);

    /** Follow {@code channel} up at {@code dueNanos}, replacing an earlier plan for it. */
    synchronized void at(ChannelKey channel, long dueNanos) {
        Long previous = due.put(channel, dueNanos);
        if (previous != null) {
            byDue.remove(new Entry(previous, channel));
        }
        byDue.add(new Entry(dueNanos, channel));
    }

    /** No longer follow {@code channel} (it was claimed; its end follows it up again). */
    synchronized void forget(ChannelKey channel) {
        Long previous = due.remove(channel);
        if (previous != null) {
            byDue.remove(new Entry(previous, channel));
        }
    }

    /** Removes and returns up to {@code max} channels due by {@code untilNanos}, earliest first. */
    synchronized List<ChannelKey> takeDue(long untilNanos, int max) {
        List<ChannelKey> taken = new ArrayList<>();
        while (taken.size() < max && !byDue.isEmpty() && byDue.first().dueNanos() - untilNanos <= 0) {
            Entry first = byDue.pollFirst();
            due.remove(first.channel());
            taken.add(first.channel());
        }
        return taken;
    }

    /** The earliest planned follow-up, if any. */
    synchronized OptionalLong earliest() {
        return byDue.isEmpty() ? OptionalLong.empty() : OptionalLong.of(byDue.first().dueNanos());
    }

    synchronized int size() {
        return due.size();
    }
}
