package com.certyneo.slack.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.certyneo.slack.platform.PreparedStatementPool;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The service's statements are prepared once per connection and planned once: parsing and planning the intake
 * statement cost PostgreSQL more than running it, at every webhook.
 */
@QuarkusTest
class PreparedStatementsTest {

    @Inject
    Pool pool;

    @Test
    void theIntakeStatementIsPreparedOnceOnItsConnectionAndNeverPlannedAgain() {
        // the connection may have run the statement for earlier tests: the counters are compared before and after
        List<Row> before = new ArrayList<>();
        Row after = pool.withConnection(connection -> plans(connection)
                .invoke(before::add)
                .chain(() -> Multi.createFrom().range(0, 8)
                        .onItem().transformToUniAndConcatenate(i -> connection
                                .preparedQuery(IntakeSql.DECIDE_AND_STORE)
                                .execute(intakeOf("evt_prepared_" + System.nanoTime() + "_" + i)))
                        .collect().asList())
                .chain(() -> plans(connection)))
                .await().atMost(Duration.ofSeconds(20));

        assertThat(after.getLong("copies")).as("one prepared copy on the connection").isEqualTo(1);
        assertThat(after.getLong("custom_plans") - before.get(0).getLong("custom_plans"))
                .as("executions planned for their parameters").isZero();
        assertThat(after.getLong("generic_plans") - before.get(0).getLong("generic_plans"))
                .as("executions that reused the one plan").isEqualTo(8);
    }

    /** The connection's prepared copies of the intake statement and how their executions were planned. */
    private static Uni<Row> plans(SqlConnection connection) {
        return connection.preparedQuery("select count(*) as copies, coalesce(sum(generic_plans), 0) as generic_plans, "
                + "coalesce(sum(custom_plans), 0) as custom_plans from pg_prepared_statements where statement = $1")
                .execute(Tuple.of(IntakeSql.DECIDE_AND_STORE))
                .map(rows -> rows.iterator().next());
    }

    @Test
    void everyDeliveryStatementIsShortEnoughToBeKeptPrepared() throws IllegalAccessException {
        for (Class<?> type : List.of(IntakeSql.class, QueueSql.class, ThreadSql.class, DigestSql.class,
                HoldSql.class, ChannelPacer.class, RetentionPurge.class)) {
            for (Field field : type.getDeclaredFields()) {
                if (field.getType() == String.class && Modifier.isStatic(field.getModifiers())
                        && Modifier.isFinal(field.getModifiers())) {
                    field.setAccessible(true);
                    assertThat(((String) field.get(null)).length()).as(type.getSimpleName() + "." + field.getName())
                            .isLessThan(PreparedStatementPool.SQL_LIMIT);
                }
            }
        }
    }

    /** One event of an account that has no installation: decided (not stored) like any webhook. */
    private static Tuple intakeOf(String eventId) {
        return Tuple.from(List.of(new String[]{eventId}, new String[]{"acc_prepared_nobody"},
                new String[]{"envelope.sent"}, new String[]{"msg_" + eventId},
                new OffsetDateTime[]{OffsetDateTime.parse("2026-12-02T08:00:00Z")}, new String[]{"env_prepared"},
                new String[]{"{}"}));
    }
}
