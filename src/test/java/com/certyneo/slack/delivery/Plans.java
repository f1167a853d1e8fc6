package com.certyneo.slack.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** Assertions on the shape of plans read the answer of {@code EXPLAIN (FORMAT JSON)} as one string. */
final class Plans {

    private Plans() {
    }

    static String text(RowSet<Row> rows) {
        StringBuilder text = new StringBuilder();
        rows.forEach(row -> text.append(row.getValue(0) instanceof JsonArray a
                ? a.encode()
                : String.valueOf(row.getValue(0))));
        return text.toString();
    }

    /**
     * The generic plan of {@code sql} ({@code EXPLAIN (FORMAT JSON)}, with {@code ANALYZE} if asked: run, then rolled
     * back) under the statistics a vacuum leaves when no delivery is queued: the partial index
     * {@code delivery_pending_idx} counts no row, and the planner prices any scan of it at one page.
     */
    static RowSet<Row> withAnEmptyQueuesStatistics(Pool pool, String sql, Tuple args, boolean analyze) {
        return pool.withConnection(conn -> conn.begin().chain(tx -> conn
                .query("set local plan_cache_mode = force_generic_plan").execute()
                .chain(() -> conn.query("update pg_class set reltuples = 0 where relname = 'delivery_pending_idx'")
                        .execute())
                .chain(() -> conn.preparedQuery("explain (" + (analyze ? "analyze, " : "") + "format json) " + sql)
                        .execute(args))
                .call(tx::rollback))).await().atMost(Duration.ofSeconds(30));
    }

    /** The nodes of a {@code FORMAT JSON} plan that read {@code relation}, whatever their kind of scan. */
    static List<JsonObject> scansOf(RowSet<Row> rows, String relation) {
        List<JsonObject> out = new ArrayList<>();
        rows.forEach(row -> ((JsonArray) row.getValue(0)).forEach(
                plan -> collect(((JsonObject) plan).getJsonObject("Plan"), relation, out)));
        return out;
    }

    private static void collect(JsonObject node, String relation, List<JsonObject> out) {
        if (relation.equals(node.getString("Relation Name")) && node.getString("Node Type").contains("Scan")) {
            out.add(node);
        }
        JsonArray children = node.getJsonArray("Plans");
        if (children != null) {
            children.forEach(child -> collect((JsonObject) child, relation, out));
        }
    }
}
