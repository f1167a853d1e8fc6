package com.certyneo.slack.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The statements that find deliveries by id while they are queued, with the statistics a vacuum leaves when the queue
 * is empty (the partial index {@code delivery_pending_idx} then counts no row, and the planner prices any scan of it
 * at one page): none may read that index by id alone, which is a scan of the whole pending index per execution, or
 * per row, once a backlog has built up. Each must start from its channel (team, channel) or use another index. The
 * claims are run so in {@link FollowUpClaimTest}.
 */
@QuarkusTest
class PendingIndexPlanTest {

    private static final Long[] IDS = {1L, 2L};
    private static final String[] TEAMS = {"T1", "T2"};
    private static final String[] CHANNELS = {"C1", "C2"};

    @Inject
    Pool pool;

    @Test
    void noStatementReadsThePendingIndexByIdAlone() {
        Map<String, Object[]> statements = new LinkedHashMap<>();
        statements.put("slot bookings of claims", new Object[]{PaceSql.RESERVE_FOR_CLAIMS,
                List.of(TEAMS, CHANNELS, 1.0, IDS, new String[]{"owner", "owner"})});
        statements.put("lease renewal", new Object[]{QueueSql.CONFIRM, List.of(1L, "owner", 30.0, "T1", "C1")});
        statements.put("retry or 429",
                new Object[]{QueueSql.REQUEUE, List.of(1L, "owner", 1, 2.0, "error", "T1", "C1")});
        statements.put("end", new Object[]{QueueSql.END, List.of(1L, "owner", "failed", 1, "error", "T1", "C1")});
        statements.put("hold", new Object[]{HoldSql.HOLD,
                Arrays.asList(UUID.randomUUID(), "C1", "T1", "not_in_channel", 1L, "owner", 1)});
        statements.put("digest lease", new Object[]{DigestSql.DIGEST_LEASE, List.of(1L, "owner", IDS, "T1", "C1")});
        statements.put("digest unlease", new Object[]{DigestSql.DIGEST_UNLEASE, List.of(IDS, "owner", "T1", "C1")});
        statements.put("outage probe", new Object[]{QueueSql.PROBE, List.of(30.0)});

        statements.forEach((name, statement) -> {
            RowSet<Row> plan = Plans.withAnEmptyQueuesStatistics(pool, (String) statement[0],
                    Tuple.from((List<?>) statement[1]), false);
            assertThat(Plans.scansOf(plan, "delivery"))
                    .filteredOn(scan -> "delivery_pending_idx".equals(scan.getString("Index Name")))
                    .as("%s: every read of the pending index starts from a channel, or from the first one", name)
                    .allSatisfy(scan -> assertThat(scan.getString("Index Cond", "team_id")).contains("team_id"));
        });
    }
}
