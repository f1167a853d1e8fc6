package com.certyneo.slack.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
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
                .start();
        return new Postgres(pg);
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
