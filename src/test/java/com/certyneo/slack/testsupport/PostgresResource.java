package com.certyneo.slack.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL (embedded binaries) for the tests: one per Quarkus test application. Tests can
 * stop it ({@link #stopDatabase()}) and start it again ({@link #startDatabase()}) on the same port
 * with the same data, to prove behaviour during and after a database outage.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private static volatile EmbeddedPostgres postgres;
    private static volatile Path dataDirectory;
    private static volatile int port;

    @Override
    public Map<String, String> start() {
        try {
            dataDirectory = Files.createTempDirectory("certyneo-test-pg").resolve("data");
            postgres = builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        port = postgres.getPort();
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://localhost:" + port + "/postgres",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:" + port + "/postgres",
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }

    @Override
    public void stop() {
        stopDatabase();
        Path dir = dataDirectory;
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir.getParent())) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // best effort: a temp directory
            }
        }
    }

    /** Stops the database (fast shutdown); the service's connections break. Idempotent. */
    public static synchronized void stopDatabase() {
        EmbeddedPostgres running = postgres;
        postgres = null;
        if (running != null) {
            try {
                running.close();
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    /** Starts the database again on the same port with the same data. Idempotent. */
    public static synchronized void startDatabase() {
        if (postgres != null) {
            return;
        }
        try {
            postgres = builder().setPort(port).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static boolean isRunning() {
        return postgres != null;
    }

    public static EmbeddedPostgres current() {
        return postgres;
    }

    /** JDBC access for test setup and assertions (the database must be running). */
    public static DataSource dataSource() {
        EmbeddedPostgres running = postgres;
        if (running == null) {
            throw new IllegalStateException("The test database is stopped");
        }
        return running.getPostgresDatabase();
    }

    private static EmbeddedPostgres.Builder builder() {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false);
    }
}
