package com.certyneo.slack.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL (embedded binaries) for the tests: one per Quarkus test application. Exposes
 * itself through {@link #current()} so that tests can stop and restart it.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private static volatile EmbeddedPostgres postgres;

    @Override
    public Map<String, String> start() {
        try {
            postgres = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int port = postgres.getPort();
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://localhost:" + port + "/postgres",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:" + port + "/postgres",
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }

    @Override
    public void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException ignored) {
                // best effort at the end of the test run
            }
        }
    }

    public static EmbeddedPostgres current() {
        return postgres;
    }
}
