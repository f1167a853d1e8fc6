package com.certyneo.slack.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Other replicas' intakes wake this one through LISTEN delivery_queued, on a connection of its own opened with the
 * datasource's settings (server, database, credentials) as Quarkus resolved them, not read again from configuration.
 */
@QuarkusTest
class ListenConnectionTest {

    @Inject
    DeliveryEngine engine;

    @Inject
    DeliveryFixtures fixtures;

    @Test
    void theReplicaListensOnAConnectionOfItsOwnAsTheDatasourcesUser() {
        await().atMost(Duration.ofSeconds(10)).until(engine::listening);

        var listener = fixtures.one("""
                select usename, datname from pg_stat_activity
                 where query = $1 and pid <> pg_backend_pid()""",
                Tuple.of("LISTEN \"" + DeliveryEngine.CHANNEL + "\""));
        var self = fixtures.one("select current_user as usename, current_database() as datname", Tuple.tuple());
        assertThat(listener).as("a backend whose last statement is the LISTEN").isNotNull();
        assertThat(listener.getString("usename")).isEqualTo(self.getString("usename"));
        assertThat(listener.getString("datname")).isEqualTo(self.getString("datname"));
    }
}
