package com.certyneo.slack.bench;

import java.util.LinkedHashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/** The Native Memory Tracking snapshots of a run (NativeMemory) as a Markdown table: at ready and at the peak. */
final class NativeMemoryTable {

    private NativeMemoryTable() {
    }

    static String markdown(JsonNode nmt) {
        JsonNode ready = nmt.path("at_ready");
        if (nmt.isMissingNode() || ready.isMissingNode() || ready.has("error")) {
            return nmt.isMissingNode() ? "" : "Native Memory Tracking: " + ready.path("error").asText("none") + "\n\n";
        }
        JsonNode peak = nmt.path("peak");
        boolean hasPeak = !peak.isMissingNode() && !peak.has("error");
        StringBuilder md = new StringBuilder("### Native memory (NMT summary, committed / reserved MiB)\n\n");
        md.append("| category | at ready |");
        if (hasPeak) {
            md.append(" peak (end of ").append(nmt.path("peak_scenario").asText()).append(") |");
        }
        md.append(hasPeak ? "\n|---|---|---|\n" : "\n|---|---|\n");
        row(md, "RSS (whole process)", ready.path("rss_mib").asText(), hasPeak, peak.path("rss_mib").asText());
        row(md, "NMT total", pair(ready), hasPeak, pair(peak));
        row(md, "of which malloc", ready.path("malloc_mib").asText(), hasPeak, peak.path("malloc_mib").asText());
        Set<String> names = new LinkedHashSet<>();
        ready.path("categories").fieldNames().forEachRemaining(names::add);
        peak.path("categories").fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            if (ready.path("categories").path(name).path("committed_mib").asDouble() < 0.1
                    && peak.path("categories").path(name).path("committed_mib").asDouble() < 0.1) {
                continue;
            }
            row(md, name, pair(ready.path("categories").path(name)), hasPeak, pair(peak.path("categories").path(name)));
        }
        row(md, "threads (count)", ready.path("threads").asText(), hasPeak, peak.path("threads").asText());
        row(md, "thread stacks", stack(ready), hasPeak, stack(peak));
        row(md, "classes (count)", ready.path("classes").asText(), hasPeak, peak.path("classes").asText());
        return md.append('\n').toString();
    }

    private static void row(StringBuilder md, String name, String ready, boolean hasPeak, String peak) {
        md.append("| ").append(name).append(" | ").append(ready).append(" |");
        if (hasPeak) {
            md.append(' ').append(peak).append(" |");
        }
        md.append('\n');
    }

    private static String pair(JsonNode n) {
        return n.isMissingNode() ? "" : n.path("committed_mib").asText() + " / " + n.path("reserved_mib").asText();
    }

    private static String stack(JsonNode n) {
        return n.path("thread_stacks_committed_mib").asText() + " / " + n.path("thread_stacks_reserved_mib").asText();
    }
}
