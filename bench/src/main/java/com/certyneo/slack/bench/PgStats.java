package com.certyneo.slack.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.certyneo.slack.testsupport.RestartablePostgres;

/**
 * The one PostgreSQL of a run (the service and the floor measurement use the same server), started by the tests'
 * launcher with durable settings, and what the harness reads from it: the settings that decide commit cost and the
 * statements that cost the most time (pg_stat_statements).
 */
final class PgStats {

    private PgStats() {
    }

    static RestartablePostgres start(Path dir) throws SQLException {
        RestartablePostgres pg = RestartablePostgres.builder().dataDirectory(dir).durable()
                .serverConfig("max_connections", "300")
                // the database side of the profile: time per statement, reset per scenario
                .serverConfig("shared_preload_libraries", "pg_stat_statements")
                .serverConfig("pg_stat_statements.track", "all")
                .serverConfig("pg_stat_statements.track_planning", "on")
                // a stall of seconds is rare and does not repeat on demand: the server's own log (in the data
                // directory, log/) names any lock waited on over deadlock_timeout (1 s), any statement over 1 s and
                // every autovacuum, for the run that had one
                .serverConfig("logging_collector", "on").serverConfig("log_directory", "log")
                .serverConfig("log_lock_waits", "on").serverConfig("log_min_duration_statement", "1000")
                .serverConfig("log_autovacuum_min_duration", "0").start();
        execute(pg, "create extension if not exists pg_stat_statements");
        return pg;
    }

    static void execute(RestartablePostgres pg, String sql) throws SQLException {
        try (Connection c = pg.connect(); PreparedStatement s = c.prepareStatement(sql)) {
            s.execute();
        }
    }

    /** Starts a fresh statement profile. */
    static void resetStatements(RestartablePostgres pg) throws SQLException {
        execute(pg, "select pg_stat_statements_reset()");
    }

    /**
     * The statements that cost PostgreSQL the most time since {@link #resetStatements}: total and mean execution
     * time, total planning time, calls and rows, buffers hit/read/dirtied, and the WAL written (records, full-page
     * images, bytes: what a commit waits to flush); the statement text is shortened.
     */
    static List<Map<String, Object>> topStatements(RestartablePostgres pg, int limit) throws SQLException {
        String sql = """
                select query, calls, rows, total_exec_time, mean_exec_time, total_plan_time,
                       shared_blks_hit, shared_blks_read, shared_blks_dirtied, wal_records, wal_fpi, wal_bytes
                  from pg_stat_statements
                 where query not like '%pg_stat_statements%'
                 order by total_exec_time desc
                 limit ?""";
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = pg.connect(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setInt(1, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    String q = rs.getString("query").replaceAll("\\s+", " ").trim();
                    row.put("query", q.length() > 160 ? q.substring(0, 160) + "…" : q);
                    row.put("calls", rs.getLong("calls"));
                    row.put("rows", rs.getLong("rows"));
                    row.put("total_ms", Math.round(rs.getDouble("total_exec_time")));
                    row.put("mean_ms", Math.round(rs.getDouble("mean_exec_time") * 1000) / 1000.0);
                    row.put("planning_total_ms", Math.round(rs.getDouble("total_plan_time")));
                    row.put("blocks_hit", rs.getLong("shared_blks_hit"));
                    row.put("blocks_read", rs.getLong("shared_blks_read"));
                    row.put("blocks_dirtied", rs.getLong("shared_blks_dirtied"));
                    row.put("wal_records", rs.getLong("wal_records"));
                    row.put("wal_full_page_images", rs.getLong("wal_fpi"));
                    row.put("wal_bytes", rs.getLong("wal_bytes"));
                    out.add(row);
                }
            }
        }
        return out;
    }

    /**
     * Counters of PostgreSQL's own background work: checkpoints, and autovacuum and autoanalyze runs per table. Two
     * snapshots around a window, subtracted ({@link #maintenanceSince}), say whether a tail in it coincides with them.
     */
    static Map<String, Long> maintenance(RestartablePostgres pg) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = pg.connect()) {
            try (PreparedStatement s = c.prepareStatement(
                    "select num_timed + num_requested from pg_stat_checkpointer");
                    ResultSet rs = s.executeQuery()) {
                rs.next();
                out.put("checkpoints", rs.getLong(1));
            }
            try (PreparedStatement s = c.prepareStatement(
                    "select relname, autovacuum_count, autoanalyze_count from pg_stat_user_tables");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.put("autovacuum " + rs.getString(1), rs.getLong(2));
                    out.put("autoanalyze " + rs.getString(1), rs.getLong(3));
                }
            }
        }
        return out;
    }

    /** What ran between two {@link #maintenance} snapshots: only the counters that moved. */
    static Map<String, Long> maintenanceSince(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> out = new LinkedHashMap<>();
        after.forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d > 0) {
                out.put(k, d);
            }
        });
        return out;
    }

    /**
     * Where a busy channel's time between two messages goes, from the audit rows of {@code accounts}: for each message
     * Slack took after an earlier one of its channel, the gap between the two calls, the earlier call's answer time
     * (the hold counts from Slack's answer), and the rest, the time the next message waited for nothing the pacing
     * asks for (a claim, a booking or a timer that came late). Calls from {@code fromEpochMillis} on, split at
     * {@code splitEpochMillis} (before: while the intake was still accepting); means and p50 / p90, in ms.
     */
    static Map<String, Object> channelCycles(RestartablePostgres pg, String accountsArray, long fromEpochMillis,
            long splitEpochMillis) throws SQLException {
        String sql = """
                with calls as (
                    select a.attempted_at,
                           extract(epoch from a.attempted_at - lag(a.attempted_at) over w) * 1000 as gap_ms,
                           lag(a.duration_ms) over w as answer_ms
                      from delivery_attempt a join delivery d on d.id = a.delivery_id
                     where d.account_id = any(%s) and a.outcome = 'ok' and a.attempted_at >= to_timestamp(? / 1000.0)
                    window w as (partition by d.team_id, d.channel_id order by a.attempted_at)
                ), phased as (
                    select case when attempted_at < to_timestamp(? / 1000.0) then 'while_accepting'
                                else 'after_all_accepted' end as phase,
                           gap_ms, answer_ms, gap_ms - 1000 - answer_ms as rest_ms
                      from calls where gap_ms is not null
                )
                select phase, count(*) as messages,
                       avg(gap_ms) as gap_mean, percentile_cont(0.5) within group (order by gap_ms) as gap_p50,
                       percentile_cont(0.9) within group (order by gap_ms) as gap_p90,
                       avg(answer_ms) as answer_mean,
                       percentile_cont(0.9) within group (order by answer_ms) as answer_p90,
                       avg(rest_ms) as rest_mean, percentile_cont(0.5) within group (order by rest_ms) as rest_p50,
                       percentile_cont(0.9) within group (order by rest_ms) as rest_p90
                  from phased group by phase order by phase desc""".formatted(accountsArray);
        Map<String, Object> out = new LinkedHashMap<>();
        try (Connection c = pg.connect(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, fromEpochMillis);
            s.setLong(2, splitEpochMillis);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("messages", rs.getLong("messages"));
                    for (String k : new String[] {"gap_mean", "gap_p50", "gap_p90", "answer_mean", "answer_p90",
                            "rest_mean", "rest_p50", "rest_p90"}) {
                        row.put(k + "_ms", Math.round(rs.getDouble(k) * 10) / 10.0);
                    }
                    out.put(rs.getString("phase"), row);
                }
            }
        }
        return out;
    }

    /** What a reader needs to judge the floor: version and the settings that decide commit cost. */
    static Map<String, String> describe(RestartablePostgres pg) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = pg.connect()) {
            for (String q : new String[] {"server_version", "synchronous_commit", "fsync", "wal_sync_method",
                    "shared_buffers", "commit_delay"}) {
                try (PreparedStatement s = c.prepareStatement("show " + q); ResultSet rs = s.executeQuery()) {
                    rs.next();
                    out.put(q, rs.getString(1));
                }
            }
        }
        return out;
    }
}
