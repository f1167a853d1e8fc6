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
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.CapturedLogs;
import com.certyneo.slack.testsupport.PostgresResource;
import com.certyneo.slack.testsupport.Webhooks;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** SPEC section 2: database unreachable → 503 + Retry-After, nothing half-written; then accepted. */
@QuarkusTest
class WebhookDatabaseOutageTest {

    @AfterEach
    void cancelWhatIsStillQueued() {
        Webhooks.cancelQueuedDeliveries();
    }

    @Test
    void whileTheDatabaseIsDownTheAnswerIs503WithRetryAfterAndTheSameRequestIsAcceptedOnceItIsBack() {
        String account = connectedAccount();
        byte[] body = bytes(event("envelope.completed", account));
        String eventId = eventIdOf(body);
        String webhookId = "msg_outage";
        String timestamp = now();
        String signature = sign(SECRET, webhookId, timestamp, body);

        try (CapturedLogs logs = CapturedLogs.start("com.certyneo")) {
            PostgresResource.stopDatabase();
            try {
                Response refused = post(body, webhookId, timestamp, signature);
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.contentType()).startsWith("application/problem+json");
                assertThat(Integer.parseInt(refused.header("Retry-After"))).isPositive();
                assertThat(refused.asString()).doesNotContain(signature.substring(3), SECRET.substring(6));
            } finally {
                PostgresResource.startDatabase();
            }
            assertThat(storedEvents(eventId)).isZero();

            // Certyneo retries the very same request; the first tries may still meet a reconnecting pool
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            Response retried = post(body, webhookId, timestamp, signature);
            while (retried.statusCode() == 503 && Instant.now().isBefore(deadline)) {
                sleep();
                retried = post(body, webhookId, timestamp, signature);
            }
            assertThat(retried.statusCode()).isEqualTo(202);
            assertThat(storedEvents(eventId)).isEqualTo(1);
            assertThat(storedDeliveries(eventId)).isEqualTo(1);
            assertThat(logs.text()).doesNotContain(signature.substring(3), SECRET.substring(6));
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
