package com.certyneo.slack.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The machine's own stalls, as a thread that nothing on this machine can delay sees them. One meter per core: a tiny
 * JVM pinned to that core at real-time priority ({@code chrt -f}, {@code taskset}) that sleeps 1 ms at a time and
 * writes down every wake-up more than {@value #RECORDED_MS} ms late. No process of the service, PostgreSQL or the
 * harness can hold a real-time thread off its core, so a late wake-up is time the virtual CPU itself did not run (the
 * hypervisor ran something else) or the kernel did not let go of it. Every request that was on that core meanwhile,
 * in any process, is late by as much. Without the right to real-time priority the meters run at normal priority and
 * say so: their stalls then also count waits for a busy core.
 */
final class HostStalls implements AutoCloseable {

    static final int RECORDED_MS = 2;
    /** A stall this long makes an ack with a p50 of 2–3 ms exceed 10 ms: the seconds it touches are named. */
    static final double MARKED_MS = 5.0;

    record Stall(Instant at, int core, double ms) {
    }

    private final List<Process> meters;
    private final List<Path> files;
    private final boolean realTime;

    private HostStalls(List<Process> meters, List<Path> files, boolean realTime) {
        this.meters = meters;
        this.files = files;
        this.realTime = realTime;
    }

    /** Starts one meter per core, writing into {@code dir}; at real-time priority when the system allows it. */
    static HostStalls start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int cores = Runtime.getRuntime().availableProcessors();
        boolean realTime = true;
        List<Process> meters = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (int core = 0; core < cores; core++) {
            Path file = dir.resolve("host-stalls-core" + core + ".txt");
            Files.deleteIfExists(file);
            Process meter = realTime ? launch(core, file, true) : null;
            if (meter == null) {
                realTime = false;
                meter = launch(core, file, false);
            }
            meters.add(meter);
            files.add(file);
        }
        return new HostStalls(meters, files, realTime);
    }

    /** The meter on {@code core}, or null when it could not start at real-time priority. */
    private static Process launch(int core, Path file, boolean realTime) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (realTime) {
            command.addAll(List.of("chrt", "-f", "50"));
        }
        command.addAll(List.of("taskset", "-c", Integer.toString(core)));
        // interpreted, a small heap (the harness jar's index fits): nothing to compile or collect that could stall
        // the meter itself
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xint",
                "-XX:+UseSerialGC", "-Xms32m", "-Xmx32m", "-XX:-UsePerfData", "-cp",
                System.getProperty("java.class.path"), HostStalls.class.getName(), Integer.toString(core),
                Long.toString(ProcessHandle.current().pid())));
        Process meter;
        try {
            meter = new ProcessBuilder(command).redirectOutput(file.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException missing) {
            if (realTime) {
                return null;
            }
            throw missing;
        }
        // chrt refused (no CAP_SYS_NICE) or the JVM did not start: the process ends at once
        if (meter.waitFor(1500, TimeUnit.MILLISECONDS)) {
            if (realTime) {
                return null;
            }
            throw new IllegalStateException("the stall meter on core " + core + " ended at once");
        }
        return meter;
    }

    /** The meter itself: one line per late wake-up, "epoch-ms core late-ms"; it ends with the harness. */
    public static void main(String[] args) {
        int core = Integer.parseInt(args[0]);
        long harness = Long.parseLong(args[1]);
        PrintStream out = System.out;
        long last = System.nanoTime();
        for (long i = 1;; i++) {
            LockSupport.parkNanos(1_000_000);
            long late = System.nanoTime() - last - 1_000_000;
            if (late > RECORDED_MS * 1_000_000L) {
                out.printf(Locale.ROOT, "%d %d %.2f%n", System.currentTimeMillis(), core, late / 1e6);
                out.flush();
            }
            if (i % 1000 == 0 && !ProcessHandle.of(harness).map(ProcessHandle::isAlive).orElse(false)) {
                return;
            }
            // its own writing and checking are not the machine's stalls
            last = System.nanoTime();
        }
    }

    /** Every stall recorded so far, in time order. */
    List<Stall> stalls() {
        List<Stall> all = new ArrayList<>();
        for (Path file : files) {
            try {
                for (String line : Files.readAllLines(file)) {
                    String[] f = line.trim().split(" ");
                    if (f.length == 3) {
                        double ms = Double.parseDouble(f[2]);
                        // the line is written when the meter wakes: the stall began that long before
                        all.add(new Stall(Instant.ofEpochMilli(Long.parseLong(f[0]) - Math.round(ms)),
                                Integer.parseInt(f[1]), ms));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        all.sort(Comparator.comparing(Stall::at));
        return all;
    }

    /**
     * The stalls of at least {@link #MARKED_MS} in a window, with their offset from its start, and the seconds of the
     * window they touch (the second each began in, and the next when it ended in it).
     */
    Map<String, Object> in(Instant start, Duration length) {
        Instant end = start.plus(length);
        List<List<Object>> listed = new ArrayList<>();
        TreeSet<Integer> seconds = new TreeSet<>();
        double longest = 0;
        double total = 0;
        int lastSecond = (int) length.toSeconds() - 1;
        for (Stall s : stalls()) {
            Instant until = s.at().plusNanos((long) (s.ms() * 1e6));
            if (s.ms() < MARKED_MS || !until.isAfter(start) || !s.at().isBefore(end)) {
                continue;
            }
            double offset = Duration.between(start, s.at()).toNanos() / 1e9;
            listed.add(List.of(Math.round(offset * 100) / 100.0, s.core(), s.ms()));
            longest = Math.max(longest, s.ms());
            total += s.ms();
            int from = (int) Math.max(0, Math.floor(offset));
            int to = (int) Math.min(lastSecond, Math.floor(offset + s.ms() / 1000));
            for (int k = from; k <= to; k++) {
                seconds.add(k);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("meter", meter());
        out.put("stalls_over_5_ms_offset_s_core_ms", listed);
        out.put("longest_ms", longest);
        out.put("stalled_ms", Math.round(total * 10) / 10.0);
        out.put("seconds_touched", new ArrayList<>(seconds));
        return out;
    }

    /**
     * Over a whole run: how often the meters saw a stall, by length. Each core's are counted apart, so a stall of the
     * whole machine counts once per core.
     */
    Map<String, Object> summary(Instant from, Instant to) {
        long[] counts = new long[4];
        double[] limits = {5, 10, 20, 50};
        double longest = 0;
        for (Stall s : stalls()) {
            if (s.at().isBefore(from) || s.at().isAfter(to)) {
                continue;
            }
            longest = Math.max(longest, s.ms());
            for (int i = 0; i < limits.length; i++) {
                if (s.ms() >= limits[i]) {
                    counts[i]++;
                }
            }
        }
        double minutes = Duration.between(from, to).toNanos() / 60e9;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("meter", meter());
        out.put("counted", "per core");
        out.put("minutes", Math.round(minutes * 10) / 10.0);
        for (int i = 0; i < limits.length; i++) {
            out.put("at_least_" + (int) limits[i] + "_ms", counts[i]);
        }
        out.put("longest_ms", longest);
        return out;
    }

    private String meter() {
        return realTime
                ? "one thread per core at real-time priority (SCHED_FIFO 50)"
                : "one thread per core at normal priority (no right to real-time priority): also counts busy cores";
    }

    @Override
    public void close() {
        meters.forEach(Process::destroy);
    }
}
