package com.certyneo.slack.bench;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/** The figures of one run as Markdown tables, in the order and words of BENCHMARKS.md. */
final class Summary {

    private Summary() {
    }

    static String markdown(JsonNode r) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark run ").append(r.path("date").asText()).append("\n\n");
        md.append("Command: `").append(r.path("command").asText()).append("`  \n");
        JsonNode m = r.path("machine");
        md.append("Machine: ").append(m.path("cores").asText()).append(" cores, ").append(m.path("memory_gib").asText())
                .append(" GiB, ").append(m.path("cpu").asText()).append(", ").append(m.path("java").asText())
                .append("; load average at start ").append(m.path("load_average_at_start").asText()).append("  \n");
        JsonNode pg = r.path("postgresql");
        md.append("PostgreSQL ").append(pg.path("server_version").asText()).append(" (synchronous_commit=")
                .append(pg.path("synchronous_commit").asText()).append(", fsync=").append(pg.path("fsync").asText())
                .append(", wal_sync_method=").append(pg.path("wal_sync_method").asText()).append(")\n\n");

        JsonNode ingest = r.path("ingest");
        if (!ingest.isMissingNode()) {
            md.append("## 1. Ingest against the floor (").append(ingest.path("seconds_per_level").asText())
                    .append(" s per level)\n\n");
            md.append("| concurrency | floor commits/s | intake statement alone/s | webhooks accepted/s | ratio to floor"
                    + " | ack p50 | ack p99 | ack p99.9 | CPU service / PostgreSQL / harness (% of one core) |\n");
            md.append("|---|---|---|---|---|---|---|---|---|\n");
            for (JsonNode l : ingest.path("levels")) {
                JsonNode lat = l.path("ingest_ack_latency");
                JsonNode cpu = l.path("ingest_cpu");
                md.append("| ").append(l.path("concurrency").asText()).append(" | ")
                        .append(l.path("floor_commits_per_s").asText()).append(" | ")
                        .append(l.path("intake_statement_alone_per_s").asText()).append(" | ")
                        .append(l.path("ingest_accepted_per_s").asText()).append(" | ")
                        .append(l.path("ratio_to_floor").asText()).append(" | ")
                        .append(ms(lat, "p50_ms")).append(" | ").append(ms(lat, "p99_ms")).append(" | ")
                        .append(ms(lat, "p99_9_ms")).append(" | ")
                        .append(cpu.path("service_jvm_pct_of_one_core").asText()).append(" / ")
                        .append(cpu.path("postgres_pct_of_one_core").asText()).append(" / ")
                        .append(cpu.path("harness_pct_of_one_core").asText()).append(" |\n");
            }
            JsonNode half = ingest.path("half_of_saturation");
            JsonNode hl = half.path("ack_latency_from_intended_send");
            md.append("\nHalf of saturation (open loop, ").append(half.path("offered_per_s").asText())
                    .append("/s offered, ").append(half.path("accepted_per_s").asText()).append("/s accepted): ack p50 ")
                    .append(ms(hl, "p50_ms")).append(", p99 ").append(ms(hl, "p99_ms")).append(", p99.9 ")
                    .append(ms(hl, "p99_9_ms")).append("; the generator's own lag p50 ")
                    .append(ms(half.path("generator_lag"), "p50_ms")).append(", p99 ")
                    .append(ms(half.path("generator_lag"), "p99_ms")).append(".\n");
            md.append("Answers over 10 ms, per second of the window: ").append(half.path("over_10_ms_by_second"))
                    .append("; PostgreSQL's background work in the window: ")
                    .append(half.path("postgresql_maintenance_in_window")).append(".\n");
            stalls(md, half);
            JsonNode alone = half.path("postgresql_alone_at_same_rate");
            reference(md.append("PostgreSQL alone at the same rate (single-row durable commits, open loop, "), alone,
                    "committed_per_s", "commit_latency_from_intended_send")
                    .append("; background work ").append(alone.path("postgresql_maintenance_in_window")).append(".\n");
            stalls(md, alone);
            JsonNode wait = half.path("service_histograms").path("certyneo_intake_wait_seconds");
            JsonNode statement = half.path("service_histograms").path("certyneo_intake_statement_seconds");
            if (statement.has("p99_ms_at_most")) {
                md.append("In the service (its own histograms, bucket bounds, settle seconds included): the wait for "
                        + "the statement in flight p50 ≤ ").append(wait.path("p50_ms_at_most").asText()).append(" ms, p99 ≤ ")
                        .append(wait.path("p99_ms_at_most").asText()).append(" ms; the intake statement p50 ≤ ")
                        .append(statement.path("p50_ms_at_most").asText()).append(" ms, p99 ≤ ")
                        .append(statement.path("p99_ms_at_most").asText()).append(" ms, over 10 ms ")
                        .append(statement.path("over_10_ms_share").asText()).append(" of ")
                        .append(statement.path("count").asText()).append(" statements.\n");
            }
            // what each accepted webhook's commit waits to flush: the intake statement's WAL per row it stored
            for (JsonNode st : half.path("postgresql_top_statements")) {
                long rows = st.path("rows").asLong();
                if (st.path("query").asText().startsWith("with input as") && rows > 0 && st.has("wal_bytes")) {
                    md.append(String.format(Locale.ROOT, "WAL written by the intake statement per event stored: "
                            + "%.1f records, %.0f bytes, %.3f full-page images (%d events).%n",
                            st.path("wal_records").asDouble() / rows, st.path("wal_bytes").asDouble() / rows,
                            st.path("wal_full_page_images").asDouble() / rows, rows));
                }
            }
            JsonNode http = half.path("http_and_commit_alone_at_same_rate");
            reference(md.append("HTTP and one durable commit per webhook alone (`HttpCommitServer`, a JVM with the "
                    + "service's options and none of its work, "), http, "answered_202_per_s",
                    "ack_latency_from_intended_send")
                    .append("; CPU ").append(http.path("cpu").path("service_jvm_pct_of_one_core").asText())
                    .append(" / ").append(http.path("cpu").path("postgres_pct_of_one_core").asText())
                    .append(" / ").append(http.path("cpu").path("harness_pct_of_one_core").asText())
                    .append(" % of a core (server / PostgreSQL / harness).\n");
            stalls(md, http);
            md.append("\n");
        }
        JsonNode idle = r.path("idle_latency");
        if (!idle.isMissingNode()) {
            JsonNode l = idle.path("accepted_to_slack_latency");
            md.append("## 2. Accepted → Slack on idle channels\n\n").append(idle.path("delivered").asText()).append("/")
                    .append(idle.path("events").asText()).append(" delivered; p50 ").append(ms(l, "p50_ms"))
                    .append(", p99 ").append(ms(l, "p99_ms")).append(", max ").append(ms(l, "max_ms")).append(".\n\n");
        }
        JsonNode burst = r.path("burst");
        if (!burst.isMissingNode()) {
            md.append("## 3. Burst on one channel\n\n").append(burst.path("events").asText()).append(" events: first to last")
                    .append(" message ").append(burst.path("first_to_last_message_s").asText()).append(" s (ideal ")
                    .append(burst.path("ideal_s").asText()).append(" s), first accept to last message ")
                    .append(burst.path("first_accept_to_last_message_s").asText()).append(" s, gaps mean ")
                    .append(burst.path("mean_gap_ms").asText()).append(" ms / min ").append(burst.path("min_gap_ms").asText())
                    .append(" ms / max ").append(burst.path("max_gap_ms").asText()).append(" ms, 429s ").append(burst.path("rate_limited_429").asText()).append(".\n\n");
        }
        JsonNode digest = r.path("digest_burst");
        if (!digest.isMissingNode()) {
            md.append("## 3b. Burst on one channel with the digest on\n\n").append(digest.path("events").asText())
                    .append(" envelope.sent, digest after ").append(digest.path("digest_after").asText())
                    .append(": all sent ").append(digest.path("first_accept_to_all_sent_s").asText())
                    .append(" s after the first accept (one message per event: ")
                    .append(digest.path("without_digest_would_take_s").asText()).append(" s), ")
                    .append(digest.path("messages").asText()).append(" messages (")
                    .append(digest.path("digests").asText()).append(" digests carrying ")
                    .append(digest.path("events_in_digests").asText()).append(" events), 429s ")
                    .append(digest.path("rate_limited_429").asText()).append(".\n\n");
        }
        // many_channels (the first size) then many_channels_<size>, in the order they ran
        boolean manyHeader = false;
        for (var it = r.fieldNames(); it.hasNext();) {
            String key = it.next();
            if (!key.startsWith("many_channels") && !key.startsWith("drain_")) {
                continue;
            }
            if (!manyHeader) {
                md.append("## 4. Many channels at once\n\n");
                manyHeader = true;
            }
            JsonNode many = r.path(key);
            md.append("- ").append(many.path("channels").asText()).append(" channels × ")
                    .append(many.path("events_per_channel").asText()).append(" events (`").append(key)
                    .append(key.startsWith("drain_") ? "`, whole backlog accepted before the first message): " : "`): ")
                    .append(many.path("delivered").asText()).append(" delivered, aggregate ")
                    .append(many.path("aggregate_messages_per_s").asText()).append(" msg/s, steady ")
                    .append(many.path("steady_messages_per_s").asText()).append(" msg/s, after all accepted ")
                    .append(many.path("after_all_accepted_messages_per_s").asText()).append(" msg/s (ideal ")
                    .append(many.path("ideal_messages_per_s").asText()).append("), all accepted after ")
                    .append(many.path("all_accepted_after_s").asText()).append(" s; ")
                    .append(many.path("channels_written").asText()).append(" channels written, min gap per channel ")
                    .append(many.path("min_gap_ms").asText()).append(" ms, ")
                    .append(many.path("duplicate_messages").asText()).append(" duplicates, 429s ")
                    .append(many.path("rate_limited_429").asText()).append(".\n");
        }
        if (manyHeader) {
            md.append("\n");
        }
        JsonNode thread = r.path("thread");
        if (!thread.isMissingNode()) {
            md.append("## 4b. Thread layout\n\n").append(thread.path("envelopes").asText()).append(" envelopes × 5 events")
                    .append(" over ").append(thread.path("channels").asText()).append(" channels: drained in ")
                    .append(thread.path("drain_s").asText()).append(" s; ").append(thread.path("messages_posted").asText())
                    .append(" messages posted (").append(thread.path("roots_posted").asText()).append(" roots), ")
                    .append(thread.path("chat_update_calls").asText()).append(" chat.update calls, 429s ")
                    .append(thread.path("rate_limited_429").asText()).append(".\n\n");
        }
        soak(md, r.path("soak"), "## 4c. Soak: every channel at Slack's limit");
        soak(md, r.path("soak_short"), "## 4c. Soak (short variant)");
        JsonNode start = r.path("startup");
        JsonNode foot = r.path("footprint");
        md.append("## 5. Footprint (JVM mode, ").append(start.path("jvm_options").asText()).append(")\n\n")
                .append("Process start to ready: ").append(start.path("process_start_to_ready_ms").asText())
                .append(" ms (Quarkus \"started in\" ").append(start.path("quarkus_started_in_s").asText())
                .append(" s); RSS at ready ").append(start.path("rss_at_ready_mib").asText())
                .append(" MiB; peak RSS by scenario ").append(foot.path("peak_rss_by_scenario_mib").toString())
                .append("; VmHWM ").append(foot.path("vm_hwm_mib").asText()).append(" MiB. Native: ")
                .append(foot.path("native_mode").asText()).append(".\n\n");
        md.append(NativeMemoryTable.markdown(r.path("native_memory")));
        JsonNode slack = r.path("slack");
        md.append("Fake Slack over the whole run: ").append(slack.path("messages").asText()).append(" messages, ")
                .append(slack.path("duplicate_messages").asText()).append(" duplicates, ")
                .append(slack.path("rate_limited_429").asText()).append(" answered 429.\n");
        JsonNode stalls = r.path("host_stalls");
        if (!stalls.isMissingNode()) {
            md.append("The host's stalls over the whole run, each core's counted apart (")
                    .append(stalls.path("meter").asText()).append(", ").append(stalls.path("minutes").asText())
                    .append(" min): ")
                    .append(stalls.path("at_least_5_ms").asText()).append(" of 5 ms or more, ")
                    .append(stalls.path("at_least_10_ms").asText()).append(" of 10 ms or more, ")
                    .append(stalls.path("at_least_20_ms").asText()).append(" of 20 ms or more, ")
                    .append(stalls.path("at_least_50_ms").asText()).append(" of 50 ms or more; the longest ")
                    .append(stalls.path("longest_ms").asText()).append(" ms.\n");
        }
        return md.toString();
    }

    private static void soak(StringBuilder md, JsonNode soak, String title) {
        if (soak.isMissingNode()) {
            return;
        }
        JsonNode drain = soak.path("drain_rate_per_channel");
        JsonNode gap = soak.path("mean_gap_per_channel_ms");
        JsonNode all = soak.path("accepted_to_slack_latency");
        JsonNode last = soak.path("accepted_to_slack_latency_last_minute");
        JsonNode lag = soak.path("generator_lag");
        md.append(title).append("\n\n").append(soak.path("channels").asText())
                .append(" channels × 1 webhook/s each (open loop, phase-shifted) for ")
                .append(soak.path("seconds").asText()).append(" s: ").append(soak.path("events_sent").asText())
                .append(" sent, ").append(soak.path("accepted").asText()).append(" accepted, ")
                .append(soak.path("delivered").asText()).append(" delivered, ")
                .append(soak.path("duplicate_messages").asText()).append(" duplicates, 429s ")
                .append(soak.path("rate_limited_429").asText()).append("; last message ")
                .append(soak.path("last_message_after_generator_end_s").asText())
                .append(" s after the generator's end.  \n")
                .append("Drain rate per channel (1 / mean gap of its messages from ")
                .append(soak.path("drain_window_s").path(0).asText()).append(" s to the generator's end): p50 ")
                .append(drain.path("p50").asText()).append(", min ").append(drain.path("min").asText())
                .append(" msg/s; mean gap per channel p50 ").append(gap.path("p50").asText()).append(" ms, max ")
                .append(gap.path("max").asText()).append(" ms; min gap at Slack ")
                .append(soak.path("min_gap_ms").asText()).append(" ms.  \n")
                .append("Accepted → Slack: p50 ").append(ms(all, "p50_ms")).append(", p99 ")
                .append(ms(all, "p99_ms")).append(", max ").append(ms(all, "max_ms"))
                .append("; accepted in the generator's last minute: p50 ").append(ms(last, "p50_ms"))
                .append(", p99 ").append(ms(last, "p99_ms")).append(", max ").append(ms(last, "max_ms"))
                .append(". Generator lag p50 ").append(ms(lag, "p50_ms")).append(", p99 ").append(ms(lag, "p99_ms"))
                .append(", max ").append(ms(lag, "max_ms")).append(".\n\n");
    }

    /** A reference receiver's open loop: "rate/s): p50, p99, p99.9; generator lag; answers over 10 ms". */
    private static StringBuilder reference(StringBuilder md, JsonNode window, String perSecondKey, String latencyKey) {
        JsonNode latency = window.path(latencyKey);
        return md.append(window.path(perSecondKey).asText()).append("/s): p50 ").append(ms(latency, "p50_ms"))
                .append(", p99 ").append(ms(latency, "p99_ms")).append(", p99.9 ").append(ms(latency, "p99_9_ms"))
                .append("; generator lag p99 ").append(ms(window.path("generator_lag"), "p99_ms"))
                .append("; answers over 10 ms per second ").append(window.path("over_10_ms_by_second"));
    }

    /** The host's stalls in a window and the latency of the seconds they did not touch (HostStalls). */
    private static void stalls(StringBuilder md, JsonNode window) {
        JsonNode stalls = window.path("host_stalls_in_window");
        if (stalls.isMissingNode()) {
            return;
        }
        JsonNode clean = window.path("latency_in_seconds_without_a_host_stall");
        md.append("The host's stalls of 5 ms or more in that window (second, core, ms): ")
                .append(stalls.path("stalls_over_5_ms_offset_s_core_ms")).append("; in the seconds none touched: p50 ")
                .append(ms(clean, "p50_ms")).append(", p99 ").append(ms(clean, "p99_ms")).append(" (")
                .append(clean.path("samples").asText()).append(" requests).\n");
    }

    private static String ms(JsonNode latency, String field) {
        return latency.path(field).asText() + " ms";
    }
}
