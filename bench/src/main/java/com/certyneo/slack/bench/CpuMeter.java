package com.certyneo.slack.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU seconds used by the service JVM, by PostgreSQL (all its processes) and by this harness during a scenario,
 * from /proc. On a 2-core machine this says at once whether a figure is CPU-bound and who spends the CPU.
 */
final class CpuMeter {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private final long servicePid;
    private long[] start;
    private Map<String, Long> threadsAtStart;
    private long startNanos;

    CpuMeter(long servicePid) {
        this.servicePid = servicePid;
    }

    void begin() {
        start = sample();
        threadsAtStart = serviceThreads();
        startNanos = System.nanoTime();
    }

    /** Share of the whole machine (all cores) used by each party since {@link #begin()}, in percent of one core. */
    Map<String, Object> end() {
        long[] now = sample();
        double wall = (System.nanoTime() - startNanos) / 1e9;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("service_jvm_pct_of_one_core", pct(now[0] - start[0], wall));
        out.put("postgres_pct_of_one_core", pct(now[1] - start[1], wall));
        out.put("harness_pct_of_one_core", pct(now[2] - start[2], wall));
        out.put("cores", Runtime.getRuntime().availableProcessors());
        Map<String, Long> threads = serviceThreads();
        Map<String, Double> byThread = new LinkedHashMap<>();
        threads.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - threadsAtStart.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .forEach(e -> byThread.put(e.getKey(), pct(e.getValue(), wall)));
        out.put("service_threads_pct_of_one_core", byThread);
        return out;
    }

    /** CPU ticks of the service's threads, grouped by thread name without its number (GC, C2, event loops…). */
    private Map<String, Long> serviceThreads() {
        Map<String, Long> out = new java.util.HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(servicePid), "task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                String name = comm(t).replaceAll("[0-9]+", "#");
                out.merge(name, ticks(t), Long::sum);
            }
        } catch (IOException e) {
            // the service has exited
        }
        return out;
    }

    private static double pct(long ticks, double wall) {
        return Math.round(ticks / TICKS_PER_SECOND / wall * 1000) / 10.0;
    }

    private long[] sample() {
        long pg = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit) && "postgres".equals(comm(p))) {
                    // + reaped children: the postmaster accumulates backends that exited during the scenario
                    pg += ticks(p) + childTicks(p);
                }
            }
        } catch (IOException e) {
            // /proc unreadable: report zeros rather than fail the run
        }
        return new long[] {ticks(Path.of("/proc", Long.toString(servicePid))), pg,
                ticks(Path.of("/proc", Long.toString(ProcessHandle.current().pid())))};
    }

    private static String comm(Path proc) {
        try {
            return Files.readString(proc.resolve("comm")).trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** cutime + cstime: CPU of the process' children that have exited and been waited for. */
    private static long childTicks(Path proc) {
        return statSum(proc, 13, 14);
    }

    /** utime + stime of a process (its threads included). */
    private static long ticks(Path proc) {
        return statSum(proc, 11, 12);
    }

    /** Sum of two fields of /proc/…/stat, counted after the command name; 0 when the process is gone. */
    private static long statSum(Path proc, int first, int second) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[first]) + Long.parseLong(f[second]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
