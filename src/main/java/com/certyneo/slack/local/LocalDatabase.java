package com.certyneo.slack.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** Embedded PostgreSQL for the README's run command; never used in the prod profile. */
final class LocalDatabase {

    private static final String REACTIVE_URL = "quarkus.datasource.reactive.url";

    private LocalDatabase() {
    }

    static boolean wanted() {
        String profile = setting("quarkus.profile", "QUARKUS_PROFILE");
        boolean local = "local".equals(profile) || "dev".equals(profile);
        return local && setting(REACTIVE_URL, "QUARKUS_DATASOURCE_REACTIVE_URL") == null
                && setting("quarkus.datasource.jdbc.url", "QUARKUS_DATASOURCE_JDBC_URL") == null;
    }

    static void start() {
        Path dir = Path.of(System.getProperty("certyneo.local-pg.dir", ".local-pg"));
        try {
            Files.createDirectories(dir);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dir.resolve("data"))
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(dir.resolve("work").toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> close(pg), "local-pg-stop"));
            int port = pg.getPort();
            System.setProperty(REACTIVE_URL, "postgresql://localhost:" + port + "/postgres");
            System.setProperty("quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:" + port + "/postgres");
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
