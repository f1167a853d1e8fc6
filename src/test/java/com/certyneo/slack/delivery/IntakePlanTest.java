package com.certyneo.slack.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The intake statement reads each event's installation and route by one index probe, whatever the number of
 * installations: a join was planned as a scan of every installation for a full batch (256 webhooks, the default
 * delivery.intake-batch) among 3,000 installations.
 */
@QuarkusTest
class IntakePlanTest {

    private static final int INSTALLATIONS = 3000;

    @Inject
    Pool pool;

    @AfterEach
    void removeTheManyInstallations() {
        pool.query("delete from installation where account_id like 'acc_plan_%'").execute().await()
                .atMost(Duration.ofSeconds(30));
    }

    @Test
    void aBatchOfWebhooksProbesItsInstallationsByIndexAmongThousands() {
        pool.query("""
                insert into installation (id, account_id, status, team_id, token_key_id, token_ciphertext, channel_id,
                                          channel_name, connected_at)
                select gen_random_uuid(), 'acc_plan_' || g, 'connected', 'TPLAN' || g, 'k', '\\x00', 'CPLAN' || g,
                       'plan', now()
                  from generate_series(1, %d) g""".formatted(INSTALLATIONS)).execute().await()
                .atMost(Duration.ofMinutes(1));
        pool.query("analyze installation").execute().await().atMost(Duration.ofSeconds(30));

        String plan = explain(256); // a full batch

        assertThat(plan).contains("\"Index Name\":\"installation_account_id_key\"")
                .doesNotContainPattern("\"Node Type\":\"Seq Scan\",[^}]*\"Relation Name\":\"installation\"");
    }

    /** The plan of the intake statement for a batch of {@code n} events. */
    private String explain(int n) {
        String[] ids = new String[n];
        String[] accounts = new String[n];
        String[] types = new String[n];
        String[] webhooks = new String[n];
        OffsetDateTime[] created = new OffsetDateTime[n];
        String[] envelopes = new String[n];
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = "evt_plan_" + i + "_" + System.nanoTime();
            accounts[i] = "acc_plan_" + (i * 97 % INSTALLATIONS + 1);
            types[i] = "envelope.sent";
            webhooks[i] = "msg_plan_" + i;
            created[i] = OffsetDateTime.now();
            envelopes[i] = "env_plan_" + i;
            payloads[i] = "{}";
        }
        Tuple arrays = Tuple.from(List.of(ids, accounts, types, webhooks, created, envelopes, payloads));
        // EXPLAIN without ANALYZE: planned, not run
        return pool.preparedQuery("explain (format json) " + IntakeSql.DECIDE_AND_STORE).execute(arrays)
                .map(Plans::text).await().atMost(Duration.ofSeconds(30));
    }
}
