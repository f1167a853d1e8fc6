package com.certyneo.slack.platform;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Singleton;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.spi.PgDriver;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/**
 * The reactive pool exactly as Quarkus configures it, plus the one setting Quarkus does not expose: the length up to
 * which a statement's SQL is kept prepared on its connection. Vert.x caches only statements under 2,048 characters;
 * the intake's decide-and-store statement and the delivery claim are longer, so they were parsed and planned by
 * PostgreSQL at every execution (about 1 ms of its CPU each time, more than running them).
 * <p>
 * Also opens {@linkplain #dedicated dedicated pools} with the same settings, for work that must not queue behind the
 * shared pool's borrowers.
 */
@Singleton
public class PreparedStatementPool implements PgPoolCreator {

    /** Longer than any statement of the service; {@code PreparedStatementPoolTest} holds every statement to it. */
    public static final int SQL_LIMIT = 16 * 1024;

    private volatile Input datasource;

    @Override
    public Pool create(Input input) {
        for (PgConnectOptions options : input.pgConnectOptionsList()) {
            options.setPreparedStatementCacheSqlLimit(SQL_LIMIT);
        }
        datasource = input;
        return PgDriver.INSTANCE.createPool(input.vertx(), input.pgConnectOptionsList(), input.poolOptions());
    }

    /**
     * A pool of its own, on the datasource's connection settings, with at most {@code maxSize} connections; the caller
     * closes it. Its metrics are tagged {@code clientName=name} (the datasource's own are {@code <default>}).
     */
    public io.vertx.mutiny.sqlclient.Pool dedicated(io.vertx.mutiny.sqlclient.Pool shared, String name, int maxSize) {
        Input input = datasource(shared);
        List<PgConnectOptions> connections = new ArrayList<>();
        for (PgConnectOptions options : input.pgConnectOptionsList()) {
            connections.add(named(options, name));
        }
        PoolOptions options = new PoolOptions(input.poolOptions()).setName(name).setShared(false).setMaxSize(maxSize);
        return io.vertx.mutiny.sqlclient.Pool.newInstance(
                PgDriver.INSTANCE.createPool(input.vertx(), connections, options));
    }

    /**
     * The datasource's connection settings (its first host, as the pool's first connection uses), for a connection
     * of its own such as a LISTEN: same server, credentials and TLS, with no configuration read twice.
     */
    public PgConnectOptions connectOptions(io.vertx.mutiny.sqlclient.Pool shared, String name) {
        return named(datasource(shared).pgConnectOptionsList().get(0), name);
    }

    /**
     * {@code shared}, the datasource's pool, is touched first: Quarkus creates it, and so hands over its settings, on
     * first use.
     */
    private Input datasource(io.vertx.mutiny.sqlclient.Pool shared) {
        shared.getDelegate();
        Input input = datasource;
        if (input == null) {
            throw new IllegalStateException("the datasource's pool was not created by " + getClass().getSimpleName());
        }
        return input;
    }

    private static PgConnectOptions named(PgConnectOptions options, String name) {
        PgConnectOptions copy = new PgConnectOptions(options);
        // Quarkus names a pool's meters "prefix|clientName": same meters, this client's own clientName
        String metrics = options.getMetricsName() == null ? "postgresql" : options.getMetricsName();
        return copy.setMetricsName(metrics.split("\\|", 2)[0] + "|" + name);
    }
}
