package com.certyneo.slack.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Certyneo's event ids are random: every index keyed by them gives each accepted webhook a leaf page of its own, and
 * after a checkpoint that page goes whole into the WAL the intake's commit waits for. One such index is needed, the
 * dedup key; what other indexes served is found through sequential keys instead.
 */
@QuarkusTest
class RandomKeyIndexTest {

    @Inject
    Pool pool;

    @Test
    void theDedupKeyIsTheOnlyIndexOfTheIntakesTablesKeyedByTheEventId() {
        List<String> byEventId = new ArrayList<>();
        pool.query("""
                select c.relname as index_name
                  from pg_index x
                  join pg_class c on c.oid = x.indexrelid
                  join pg_attribute a on a.attrelid = x.indrelid and a.attnum = x.indkey[0]
                 where x.indrelid in ('webhook_event'::regclass, 'delivery'::regclass) and a.attname = 'event_id'""")
                .execute().await().atMost(Duration.ofSeconds(10))
                .forEach(row -> byEventId.add(row.getString("index_name")));

        assertThat(byEventId).containsExactly("webhook_event_pkey");
    }

    @Test
    void theNewerEventCheckOfTheThreadLayoutWalksTheChannelsQueueByIndex() {
        // sequential scans discouraged: a predicate no index serves still shows one
        String plan = pool.withTransaction(conn -> conn.query("set local enable_seqscan = off").execute()
                .flatMap(ignored -> conn.preparedQuery("explain (format json) " + QueueSql.REPLIED)
                        .execute(Tuple.from(List.of(1L, "1.2", "1.1", "env_1", "acc_plan", "TPLAN", "CPLAN"))))
                .map(Plans::text)).await().atMost(Duration.ofSeconds(10));

        // each event of that queue is then looked up by its key or its envelope, whichever the planner prefers
        assertThat(plan).contains("\"Index Name\":\"delivery_pending_idx\"")
                .doesNotContain("\"Node Type\":\"Seq Scan\"");
    }
}
