package com.certyneo.slack.testsupport;

import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real PostgreSQL ({@link RestartablePostgres}) for the tests: one per Quarkus test application. Tests can stop it
 * ({@link #stopDatabase()}) and start it again ({@link #startDatabase()}) on the same port with the same data, to
 * prove behaviour during and after a database outage.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private static volatile RestartablePostgres postgres;

    @Override
    public Map<String, String> start() {
        postgres = RestartablePostgres.start();
        Map<String, String> properties = new HashMap<>();
        postgres.datasourceEnv().forEach((name, value) -> properties.put(name.toLowerCase().replace('_', '.'), value));
        return properties;
    }

    @Override
    public void stop() {
        postgres.close();
    }

    /** Stops the database (fast shutdown); the service's connections break. Idempotent. */
    public static void stopDatabase() {
        postgres.stop();
    }

    /** Starts the database again on the same port with the same data. Idempotent. */
    public static void startDatabase() {
        postgres.startAgain();
    }

    public static boolean isRunning() {
        return postgres != null && postgres.isRunning();
    }

    /** JDBC access for test setup and assertions (the database must be running). */
    public static DataSource dataSource() {
        return postgres.dataSource();
    }
}
