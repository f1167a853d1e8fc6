package com.certyneo.slack.delivery;

import io.vertx.core.json.JsonArray;
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
}
