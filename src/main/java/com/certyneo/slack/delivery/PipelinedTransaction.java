package com.certyneo.slack.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;

/**
 * One transaction whose BEGIN and statements are pipelined (not waiting for each answer): one round trip + COMMIT.
 * The send path's outcome is written this way, so that its several statements cost one database round trip.
 */
final class PipelinedTransaction {

    private PipelinedTransaction() {
    }

    /** Runs {@code statements} in one transaction; answers their items in order, or fails and rolls back. */
    static Uni<List<?>> run(Pool pool, Function<SqlConnection, List<Uni<?>>> statements) {
        return pool.withConnection(conn -> {
            Uni<Transaction> begin = conn.begin().memoize().indefinitely();
            List<Uni<?>> all = new ArrayList<>();
            all.add(begin); // subscribed first: the statements then run inside the transaction
            all.addAll(statements.apply(conn));
            return Uni.combine().all().unis(all).collectFailures().<List<?>>combinedWith(items -> items)
                    .onItemOrFailure().transformToUni((items, failure) -> failure == null
                            ? ((Transaction) items.get(0)).commit().replaceWith(items.subList(1, items.size()))
                            : begin.flatMap(Transaction::rollback).onItemOrFailure()
                                    .transformToUni((v, e) -> Uni.createFrom().failure(failure)));
        });
    }
}
