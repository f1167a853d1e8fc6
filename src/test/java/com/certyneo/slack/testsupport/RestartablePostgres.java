package com.certyneo.slack.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The one launcher of a real PostgreSQL (embedded binaries) for the tests and the benchmark harness. It can be
 * stopped and started again on the same port with the same data, to prove behaviour during and after an outage.
 * {@link PostgresResource} runs one for every Quarkus test application; *IT tests and the harness start their own.
 */
public final class RestartablePostgres implements AutoCloseable {

    private final Path dataDir;
    private final boolean temporary;
    private final Map<String, String> serverConfig;
    private final int port;
    private EmbeddedPostgres postgres;

    private RestartablePostgres(Path dataDir, boolean temporary, Map<String, String> serverConfig) {
        this.dataDir = dataDir;
        this.temporary = temporary;
        this.serverConfig = serverConfig;
        this.port = AppProcess.freePort();
    }

    /** A server with the embedded defaults, its data in a temporary directory removed by {@link #close()}. */
    public static RestartablePostgres start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options of a server: where its data lives, and server settings. */
    public static final class Builder {

        private Path dataDir;
        private final Map<String, String> serverConfig = new LinkedHashMap<>();

        /**
         * Keeps the data in {@code dir} (emptied first) rather than in a temporary directory, and leaves it there
         * after {@link #close()} for whoever wants to look.
         */
        public Builder dataDirectory(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** A {@code postgresql.conf} setting, e.g. {@code max_connections}. */
        public Builder serverConfig(String name, String value) {
            serverConfig.put(name, value);
            return this;
        }

        /**
         * Commits that survive a crash, as in production: the embedded default is {@code synchronous_commit=off},
         * which makes every throughput figure meaningless.
         */
        public Builder durable() {
            return serverConfig("synchronous_commit", "on").serverConfig("fsync", "on")
                    .serverConfig("full_page_writes", "on");
        }

        public RestartablePostgres start() {
            try {
                boolean temporary = dataDir == null;
                Path dir = temporary ? Files.createTempDirectory("certyneo-pg").resolve("data") : dataDir;
                if (!temporary) {
                    deleteTree(dir);
                }
                Files.createDirectories(dir);
                RestartablePostgres pg = new RestartablePostgres(dir, temporary, Map.copyOf(serverConfig));
                pg.startAgain();
                return pg;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Starts it again after {@link #stop()}: same port, same data. Idempotent. */
    public synchronized void startAgain() {
        if (postgres != null) {
            return;
        }
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setPort(port).setDataDirectory(dataDir)
                .setCleanDataDirectory(false);
        serverConfig.forEach(builder::setServerConfig);
        try {
            postgres = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server (fast shutdown: open connections are cut, as in a real outage). Idempotent. */
    public synchronized void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            postgres = null;
        }
    }

    public synchronized boolean isRunning() {
        return postgres != null;
    }

    public int port() {
        return port;
    }

    /** JDBC access for set-up and assertions (the server must be running). */
    public synchronized DataSource dataSource() {
        if (postgres == null) {
            throw new IllegalStateException("The test database is stopped");
        }
        return postgres.getPostgresDatabase();
    }

    public Connection connect() throws SQLException {
        return dataSource().getConnection();
    }

    /** The QUARKUS_DATASOURCE_* environment of a production start against this server. */
    public Map<String, String> datasourceEnv() {
        return Map.of(
                "QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://localhost:" + port + "/postgres",
                "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://localhost:" + port + "/postgres",
                "QUARKUS_DATASOURCE_USERNAME", "postgres",
                "QUARKUS_DATASOURCE_PASSWORD", "postgres");
    }

    @Override
    public void close() {
        stop();
        if (temporary) {
            deleteTree(dataDir.getParent());
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a scratch directory
        }
    }
}
