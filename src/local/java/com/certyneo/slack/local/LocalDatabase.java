package com.certyneo.slack.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Embedded PostgreSQL for the README's run command. This class lives in {@code src/local/java},
 * compiled only by the default Maven profile: a native/production build ({@code -Dnative}) has
 * neither this class nor the zonky dependency. {@code config.Main} finds it by name, reflectively,
 * and only when the {@code local} (or {@code dev}) profile is requested.
 */
public final class LocalDatabase {

    private static final String REACTIVE_URL = "quarkus.datasource.reactive.url";
    private static final String JDBC_URL = "quarkus.datasource.jdbc.url";

    private LocalDatabase() {
    }

    /**
     * Starts PostgreSQL under {@code .local-pg/} (or {@code -Dcertyneo.local-pg.dir}) unless a
     * datasource is configured, and points the datasource at it through system properties.
     */
    public static void startIfNoDatasource() {
        if (setting(REACTIVE_URL, "QUARKUS_DATASOURCE_REACTIVE_URL") != null
                || setting(JDBC_URL, "QUARKUS_DATASOURCE_JDBC_URL") != null) {
            return;
        }
        Path dir = Path.of(System.getProperty("certyneo.local-pg.dir", ".local-pg"));
        try {
            Files.createDirectories(dir);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dir.resolve("data"))
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(dir.resolve("work").toFile())
                    // the embedded default is off; a 202 must mean the event survives a power cut here too
                    .setServerConfig("synchronous_commit", "on")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> close(pg), "local-pg-stop"));
            int port = pg.getPort();
            System.setProperty(REACTIVE_URL, "postgresql://localhost:" + port + "/postgres");
            System.setProperty(JDBC_URL, "jdbc:postgresql://localhost:" + port + "/postgres");
            System.setProperty("quarkus.datasource.username", "postgres");
            System.setProperty("quarkus.datasource.password", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL under " + dir, e);
        }
    }

    private static void close(EmbeddedPostgres pg) {
        try {
            pg.close();
        } catch (IOException ignored) {
            // the process is exiting anyway
        }
    }

    private static String setting(String property, String env) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? null : value;
    }
}
