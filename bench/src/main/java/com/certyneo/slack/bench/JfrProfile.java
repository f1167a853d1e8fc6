package com.certyneo.slack.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * JFR on the service JVM while it is saturated (jcmd JFR.start/JFR.stop), summarised as the methods on top of
 * the CPU samples and the share of samples spent under each broad area (our code, HTTP, PostgreSQL client,
 * Jackson, crypto, logging, metrics). Answers "what limits this number" from inside the JVM.
 */
final class JfrProfile {

    private static final Map<String, String> AREAS = new LinkedHashMap<>();

    static {
        AREAS.put("com.certyneo.slack.intake", "intake (ours)");
        AREAS.put("com.certyneo.slack.delivery", "delivery (ours)");
        AREAS.put("com.certyneo.slack", "other (ours)");
        AREAS.put("io.vertx.pgclient", "PostgreSQL client");
        AREAS.put("io.vertx.sqlclient", "PostgreSQL client");
        AREAS.put("com.fasterxml.jackson", "Jackson");
        AREAS.put("javax.crypto", "HMAC / crypto");
        AREAS.put("com.sun.crypto", "HMAC / crypto");
        AREAS.put("sun.security", "HMAC / crypto");
        AREAS.put("io.micrometer", "metrics");
        AREAS.put("org.jboss.logmanager", "logging");
        AREAS.put("org.jboss.resteasy", "REST layer");
        AREAS.put("io.quarkus.resteasy", "REST layer");
        AREAS.put("io.quarkus.vertx.http", "HTTP server");
        AREAS.put("io.vertx.core.http", "HTTP server");
        AREAS.put("io.netty", "Netty I/O");
    }

    private JfrProfile() {
    }

    static void start(long pid) throws IOException, InterruptedException {
        jcmd(pid, "JFR.start", "name=bench", "settings=profile");
    }

    static void stop(long pid, Path file) throws IOException, InterruptedException {
        jcmd(pid, "JFR.stop", "name=bench", "filename=" + file.toAbsolutePath());
    }

    private static void jcmd(long pid, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        command.add(Long.toString(pid));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        p.waitFor(60, TimeUnit.SECONDS);
    }

    /** Top self-time methods and the share of samples whose stack passes through each area. */
    static Map<String, Object> summarise(Path file, int top) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> areas = new HashMap<>();
        Map<String, Integer> deopts = new HashMap<>();
        int samples = 0;
        int compilations = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            String type = e.getEventType().getName();
            if ("jdk.Compilation".equals(type)) {
                compilations++;
            }
            if ("jdk.Deoptimization".equals(type)) {
                String where = e.getStackTrace() == null || e.getStackTrace().getFrames().isEmpty()
                        ? "?"
                        : name(e.getStackTrace().getFrames().get(0));
                deopts.merge(e.getValue("reason") + " @ " + where, 1, Integer::sum);
            }
            if (!"jdk.ExecutionSample".equals(type) || e.getStackTrace() == null) {
                continue;
            }
            RecordedStackTrace stack = e.getStackTrace();
            List<RecordedFrame> frames = stack.getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            samples++;
            self.merge(name(frames.get(0)), 1, Integer::sum);
            // innermost recognised area wins: a sample in Jackson called from our parser counts as Jackson
            String area = "other (JDK, Quarkus, Mutiny)";
            for (RecordedFrame f : frames) {
                String found = area(f.getMethod().getType().getName());
                if (found != null) {
                    area = found;
                    break;
                }
            }
            areas.merge(area, 1, Integer::sum);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cpu_samples", samples);
        out.put("areas_pct", percentages(areas, samples, areas.size()));
        out.put("top_self_methods_pct", percentages(self, samples, top));
        out.put("jit_compilations_over_100ms", compilations);
        out.put("deoptimizations", deopts.values().stream().mapToInt(Integer::intValue).sum());
        Map<String, Integer> topDeopts = new LinkedHashMap<>();
        deopts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(10)
                .forEach(en -> topDeopts.put(en.getKey(), en.getValue()));
        out.put("top_deoptimizations", topDeopts);
        return out;
    }

    private static String area(String type) {
        for (Map.Entry<String, String> a : AREAS.entrySet()) {
            if (type.startsWith(a.getKey())) {
                return a.getValue();
            }
        }
        return null;
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static Map<String, Double> percentages(Map<String, Integer> counts, int total, int limit) {
        Map<String, Double> out = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(limit)
                .forEach(en -> out.put(en.getKey(), Math.round(en.getValue() * 1000.0 / Math.max(1, total)) / 10.0));
        return out;
    }
}
