package com.certyneo.slack.intake;

import static com.certyneo.slack.testsupport.Webhooks.SECRET;
import static com.certyneo.slack.testsupport.Webhooks.bytes;
import static com.certyneo.slack.testsupport.Webhooks.connectedAccount;
import static com.certyneo.slack.testsupport.Webhooks.event;
import static com.certyneo.slack.testsupport.Webhooks.eventIdOf;
import static com.certyneo.slack.testsupport.Webhooks.now;
import static com.certyneo.slack.testsupport.Webhooks.post;
import static com.certyneo.slack.testsupport.Webhooks.sign;
import static com.certyneo.slack.testsupport.Webhooks.storedDeliveries;
import static com.certyneo.slack.testsupport.Webhooks.storedEvents;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.Management;
import com.certyneo.slack.testsupport.Webhooks;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * The intake stores webhooks on connections of its own: when the deliveries in flight hold every connection of the
 * shared pool, as at 1,000 busy channels, a webhook is still accepted at once instead of waiting for one (and
 * answered 503 once the store timeout passes).
 */
@QuarkusTest
class WebhookOwnConnectionsTest {

    @Inject
    Pool shared;

    @ConfigProperty(name = "quarkus.datasource.reactive.max-size")
    int sharedSize;

    @AfterEach
    void cancelWhatIsStillQueued() {
        Webhooks.cancelQueuedDeliveries();
    }

    @Test
    void aWebhookIsAcceptedWhileEveryConnectionOfTheSharedPoolIsTaken() {
        String account = connectedAccount();
        byte[] body = bytes(event("envelope.completed", account));
        String eventId = eventIdOf(body);
        String timestamp = now();
        List<SqlConnection> taken = new ArrayList<>();
        try {
            for (int i = 0; i < sharedSize; i++) {
                taken.add(shared.getConnection().await().atMost(Duration.ofSeconds(10)));
            }
            // the shared pool is exhausted: a statement there now waits for a connection
            assertThat(shared.query("select 1").execute().map(rows -> "ran")
                    .ifNoItem().after(Duration.ofMillis(500)).recoverWithItem("waited")
                    .await().indefinitely()).isEqualTo("waited");

            Response answer = post(body, "msg_own_connections", timestamp,
                    sign(SECRET, "msg_own_connections", timestamp, body));

            assertThat(answer.statusCode()).isEqualTo(202);
            assertThat(storedEvents(eventId)).isEqualTo(1);
            assertThat(storedDeliveries(eventId)).isEqualTo(1);
        } finally {
            taken.forEach(SqlConnection::closeAndAwait);
        }
    }

    @Test
    void theIntakesConnectionsAreMeasuredApartFromTheSharedPool() {
        byte[] body = bytes(event("envelope.completed", connectedAccount()));
        String timestamp = now();
        assertThat(post(body, "msg_own_pool_metrics", timestamp,
                sign(SECRET, "msg_own_pool_metrics", timestamp, body)).statusCode()).isEqualTo(202);

        String metrics = given().get(Management.url("/q/metrics")).asString();

        // a series per pool: under the shared pool's name, Micrometer would keep one of the two gauges and drop the other
        assertThat(series(metrics, "postgresql_queue_size", "intake")).hasSize(1);
        assertThat(series(metrics, "postgresql_queue_size", "<default>")).hasSize(1);
    }

    private static List<String> series(String metrics, String name, String client) {
        return Stream.of(metrics.split("\n"))
                .filter(line -> line.startsWith(name + "{") && line.contains("clientName=\"" + client + "\""))
                .toList();
    }
}
