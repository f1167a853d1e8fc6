package com.certyneo.slack.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the service's resident memory goes, as the JVM itself counts it: Native Memory Tracking (summary level,
 * switched on at launch) read with {@code jcmd <pid> VM.native_memory summary} at ready and at the end of every
 * scenario. The largest of those snapshots (by RSS) is the peak table. jcmd is a JVM of its own (about half a second
 * of CPU): it runs only between scenarios, never during a measured one.
 */
final class NativeMemory {

    static final String TRACKING = "-XX:NativeMemoryTracking=summary";

    private static final Pattern TOTAL = Pattern
            .compile("^Total: reserved=(\\d+)KB, committed=(\\d+)KB");
    private static final Pattern MALLOC = Pattern.compile("^\\s+malloc: (\\d+)KB");
    private static final Pattern CATEGORY = Pattern
            .compile("^-\\s+(.+?) \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)");
    private static final Pattern THREADS = Pattern.compile("\\(thread #(\\d+)\\)");
    private static final Pattern STACK = Pattern.compile("\\(stack: reserved=(\\d+)KB, committed=(\\d+)KB\\)");
    private static final Pattern CLASSES = Pattern.compile("\\(classes #(\\d+)\\)");

    private final long pid;
    private final Map<String, Map<String, Object>> byScenarioEnd = new LinkedHashMap<>();
    private Map<String, Object> atReady;
    private String lastPhase;

    NativeMemory(long pid) {
        this.pid = pid;
    }

    /** The launch options with tracking on, unless they already say how to track (e.g. {@code =off}). */
    static List<String> withTracking(List<String> jvm) {
        if (jvm.stream().anyMatch(o -> o.startsWith("-XX:NativeMemoryTracking"))) {
            return jvm;
        }
        List<String> out = new ArrayList<>(jvm);
        out.add(0, TRACKING);
        return out;
    }

    void atReady() {
        atReady = snapshot(pid);
        lastPhase = "startup";
    }

    /**
     * Called by the RSS sampler with the current phase: on a change, the snapshot closes the phase that just ended.
     */
    synchronized void observe(String phase) {
        if (lastPhase != null && !phase.equals(lastPhase)) {
            if (!"startup".equals(lastPhase)) {
                byScenarioEnd.put(lastPhase, snapshot(pid));
            }
            lastPhase = phase;
        }
    }

    /** at_ready, peak (the end-of-scenario snapshot with the highest RSS) and each scenario's totals. */
    synchronized Map<String, Object> results() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tracking", TRACKING);
        out.put("at_ready", atReady);
        String peak = null;
        double peakRss = -1;
        Map<String, Object> totals = new LinkedHashMap<>();
        for (var e : byScenarioEnd.entrySet()) {
            double rss = ((Number) e.getValue().getOrDefault("rss_mib", -1.0)).doubleValue();
            if (rss > peakRss) {
                peakRss = rss;
                peak = e.getKey();
            }
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("rss_mib", e.getValue().get("rss_mib"));
            t.put("committed_mib", e.getValue().get("committed_mib"));
            totals.put(e.getKey(), t);
        }
        if (peak != null) {
            out.put("peak_scenario", peak);
            out.put("peak", byScenarioEnd.get(peak));
        }
        out.put("by_scenario_end", totals);
        return out;
    }

    /** One NMT summary of the process, with its RSS at the same moment; an "error" entry when jcmd fails. */
    static Map<String, Object> snapshot(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "VM.native_memory", "summary",
                    "scale=KB").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0 || !text.contains("Total:")) {
                out.put("error", text.strip());
                return out;
            }
            out.put("rss_mib", rssMiB(pid));
            out.putAll(parse(text));
        } catch (IOException e) {
            out.put("error", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.put("error", e.toString());
        }
        return out;
    }

    /** jcmd's summary as MiB: total, malloc, per category, threads and their stacks, classes. */
    static Map<String, Object> parse(String summary) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> categories = new LinkedHashMap<>();
        for (String line : summary.split("\n")) {
            Matcher m;
            if ((m = TOTAL.matcher(line)).find()) {
                out.put("reserved_mib", mib(m.group(1)));
                out.put("committed_mib", mib(m.group(2)));
            } else if ((m = MALLOC.matcher(line)).find() && !out.containsKey("malloc_mib")) {
                out.put("malloc_mib", mib(m.group(1)));
            } else if ((m = CATEGORY.matcher(line)).find()) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("reserved_mib", mib(m.group(2)));
                c.put("committed_mib", mib(m.group(3)));
                categories.put(m.group(1).trim(), c);
            } else if ((m = THREADS.matcher(line)).find()) {
                out.put("threads", Integer.parseInt(m.group(1)));
            } else if ((m = STACK.matcher(line)).find()) {
                out.put("thread_stacks_reserved_mib", mib(m.group(1)));
                out.put("thread_stacks_committed_mib", mib(m.group(2)));
            } else if ((m = CLASSES.matcher(line)).find()) {
                out.put("classes", Integer.parseInt(m.group(1)));
            }
        }
        out.put("categories", categories);
        return out;
    }

    private static double mib(String kb) {
        return Bench.round(Long.parseLong(kb) / 1024.0);
    }

    private static double rssMiB(long pid) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (l.startsWith("VmRSS:")) {
                return Bench.round(Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0);
            }
        }
        return -1;
    }
}
