package com.certyneo.slack.platform;

import jakarta.inject.Singleton;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.spi.PgDriver;
import io.vertx.sqlclient.Pool;

/**
 * The reactive pool exactly as Quarkus configures it, plus the one setting Quarkus does not expose: the length up to
 * which a statement's SQL is kept prepared on its connection. Vert.x caches only statements under 2,048 characters;
 * the intake's decide-and-store statement and the delivery claim are longer, so they were parsed and planned by
 * PostgreSQL at every execution (about 1 ms of its CPU each time, more than running them).
 */
@Singleton
public class PreparedStatementPool implements PgPoolCreator {

    /** Longer than any statement of the service; {@code PreparedStatementPoolTest} holds every statement to it. */
    public static final int SQL_LIMIT = 16 * 1024;

    @Override
    public Pool create(Input input) {
        for (PgConnectOptions options : input.pgConnectOptionsList()) {
            options.setPreparedStatementCacheSqlLimit(SQL_LIMIT);
        }
        return PgDriver.INSTANCE.createPool(input.vertx(), input.pgConnectOptionsList(), input.poolOptions());
    }
}
