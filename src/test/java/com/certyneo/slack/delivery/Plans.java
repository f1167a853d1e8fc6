package com.certyneo.slack.delivery;

import java.util.ArrayList;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;

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
