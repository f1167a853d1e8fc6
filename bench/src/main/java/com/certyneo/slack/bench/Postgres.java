package com.certyneo.slack.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The one PostgreSQL of a run: the service and the floor measurement use the same server. Durable settings are
 * forced (the embedded default is synchronous_commit=off, which would make every number meaningless).
 */
final class Postgres implements AutoCloseable {

    private final EmbeddedPostgres pg;
    private final String jdbcUrl;

    private Postgres(EmbeddedPostgres pg) {
        this.pg = pg;
        this.jdbcUrl = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
    }

    static Postgres start(Path dir) throws IOException {
        Files.createDirectories(dir);
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dir.resolve("data"))
                .setCleanDataDirectory(true)
                .setOverrideWorkingDirectory(dir.resolve("work").toFile())
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("max_connections", "300")
                // the database side of the profile: time per statement, reset per scenario
                .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                .setServerConfig("pg_stat_statements.track", "all")
                .start();
        Postgres postgres = new Postgres(pg);
        try {
            postgres.execute("create extension if not exists pg_stat_statements");
        } catch (SQLException e) {
            throw new IOException("pg_stat_statements unavailable", e);
        }
        return postgres;
    }

    int port() {
        return pg.getPort();
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
    }

    void execute(String sql) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            s.execute();
        }
    }

    long count(String sql) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Starts a fresh statement profile (pg_stat_statements). */
    void resetStatements() throws SQLException {
        execute("select pg_stat_statements_reset()");
    }

    /**
     * The statements that cost PostgreSQL the most time since {@link #resetStatements()}: total and mean execution
     * time, calls and rows, and buffers hit/read; the statement text is shortened.
     */
    List<Map<String, Object>> topStatements(int limit) throws SQLException {
        String sql = """
                select query, calls, rows, total_exec_time, mean_exec_time, shared_blks_hit, shared_blks_read,
                       shared_blks_dirtied
                  from pg_stat_statements
                 where query not like '%pg_stat_statements%'
                 order by total_exec_time desc
                 limit ?""";
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
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
                    row.put("blocks_hit", rs.getLong("shared_blks_hit"));
                    row.put("blocks_read", rs.getLong("shared_blks_read"));
                    row.put("blocks_dirtied", rs.getLong("shared_blks_dirtied"));
                    out.add(row);
                }
            }
        }
        return out;
    }

    /** What a reader needs to judge the floor: version and the settings that decide commit cost. */
    Map<String, String> describe() throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = connect()) {
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

    @Override
    public void close() throws IOException {
        pg.close();
    }
}
