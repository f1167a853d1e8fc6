package com.certyneo.slack.intake;

import static com.certyneo.slack.testsupport.Webhooks.bytes;
import static com.certyneo.slack.testsupport.Webhooks.connectedAccount;
import static com.certyneo.slack.testsupport.Webhooks.event;
import static com.certyneo.slack.testsupport.Webhooks.eventIdOf;
import static com.certyneo.slack.testsupport.Webhooks.storedDeliveries;
import static com.certyneo.slack.testsupport.Webhooks.storedEvents;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.Db;
import com.certyneo.slack.testsupport.Management;
import com.certyneo.slack.testsupport.Webhooks;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Group commit (WebhookStore): concurrent webhooks share intake statements, a lone one is stored alone, and dedup
 * stays exact when the twins of one event arrive together and land in the same or in different batches.
 */
@QuarkusTest
class IntakeGroupCommitTest {

    @AfterEach
    void cancelWhatIsStillQueued() {
        Webhooks.cancelQueuedDeliveries();
    }

    @Test
    void aLoneWebhookIsStoredByAStatementOfItsOwn() {
        String account = connectedAccount();
        double[] before = batches();
        for (int i = 0; i < 5; i++) {
            Webhooks.post(event("envelope.sent", account)).then().statusCode(202);
        }
        double[] after = batches();
        assertThat(after[0] - before[0]).as("statements").isEqualTo(5);
        assertThat(after[1] - before[1]).as("webhooks").isEqualTo(5);
        assertThat(after[2] - before[2]).as("statements timed").isEqualTo(5);
        assertThat(after[4] - before[4]).as("webhooks whose wait was timed").isEqualTo(5);
        // nothing was in flight: each went at once, so five waits sum to next to nothing, and the statements
        // (a round trip and a durable commit each) took longer than that
        assertThat(after[5] - before[5]).as("seconds waited by five lone webhooks").isLessThan(0.05);
        assertThat(after[3] - before[3]).as("seconds in five statements").isGreaterThan(after[5] - before[5]);
    }

    @Test
    void twinsArrivingTogetherAreStoredOnceWhicheverBatchTheyLandIn() {
        String connected = connectedAccount();
        String unticked = connectedAccount("envelope.completed");
        List<byte[]> bodies = new ArrayList<>();
        java.util.Set<String> ignored = new java.util.HashSet<>();
        for (int i = 0; i < 40; i++) {
            // every fourth event is of a type its account did not tick: answered ignored, never stored
            byte[] body = bytes(
                    event(i % 4 == 3 ? "recipient.signed" : "envelope.sent", i % 4 == 3 ? unticked : connected));
            bodies.add(body);
            if (i % 4 == 3) {
                ignored.add(eventIdOf(body));
            }
        }
        List<byte[]> sends = new ArrayList<>();
        for (int copy = 0; copy < 5; copy++) {
            sends.addAll(bodies);
        }
        Collections.shuffle(sends, new java.util.Random(42));
        double[] before = batches();

        List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
        for (int i = 0; i < sends.size(); i++) {
            byte[] body = sends.get(i);
            HttpRequest request = Webhooks.jdkRequest(body, "msg_" + i)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            posts.add(Webhooks.HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> answers = posts.stream().map(CompletableFuture::join).toList();

        // a 503 (the store did not answer within its timeout on a loaded machine) is what Certyneo retries:
        // retried here the same way, until the service answers
        List<HttpResponse<String>> finals = new ArrayList<>(answers);
        int retried = 0;
        for (int i = 0; i < sends.size(); i++) {
            while (finals.get(i).statusCode() == 503) {
                retried++;
                byte[] body = sends.get(i);
                finals.set(i, Webhooks.send(Webhooks.jdkRequest(body, "msg_" + i)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build()));
            }
        }
        Map<String, List<String>> answersByEvent = new java.util.HashMap<>();
        for (int i = 0; i < sends.size(); i++) {
            answersByEvent.computeIfAbsent(eventIdOf(sends.get(i)), k -> new ArrayList<>())
                    .add(finals.get(i).statusCode() + " " + status(finals.get(i).body()));
        }
        for (byte[] body : bodies) {
            String id = eventIdOf(body);
            Map<String, Long> kinds = answersByEvent.get(id).stream()
                    .collect(Collectors.groupingBy(a -> a, Collectors.counting()));
            if (ignored.contains(id)) {
                assertThat(kinds).as(id).containsOnlyKeys("200 ignored");
                assertThat(storedEvents(id)).as(id).isZero();
            } else {
                // one accepted and the rest duplicates; with a 503 retried, the first try may have committed after
                // its timeout, so its retry is a duplicate too: never two accepted, never two rows
                assertThat(kinds.keySet()).as(id).isSubsetOf("202 accepted", "200 duplicate");
                long accepted = kinds.getOrDefault("202 accepted", 0L);
                assertThat(accepted).as(id).isLessThanOrEqualTo(1L);
                if (retried == 0) {
                    assertThat(accepted).as(id).isEqualTo(1L);
                }
                assertThat(storedEvents(id)).as(id).isEqualTo(1);
                assertThat(storedDeliveries(id)).as(id).isEqualTo(1);
            }
        }
        double[] after = batches();
        assertThat(after[1] - before[1]).as("webhooks through the store").isEqualTo(sends.size() + retried);
        assertThat(after[0] - before[0]).as("statements: fewer than webhooks, so batches were shared")
                .isLessThan(sends.size());
        // every statement and every webhook's wait is timed, also when batches are shared
        assertThat(after[2] - before[2]).as("statements timed").isEqualTo(after[0] - before[0]);
        assertThat(after[4] - before[4]).as("waits timed").isEqualTo(after[1] - before[1]);
        assertThat(after[5] - before[5]).as("webhooks that shared a statement waited for the one before")
                .isPositive();
        assertThat(Db.count("select count(*) from delivery where account_id = ?", connected)).isEqualTo(30);
    }

    private static String status(String body) {
        Matcher m = Pattern.compile("\"status\"\\s*:\\s*\"([a-z_]+)\"").matcher(body);
        return m.find() ? m.group(1) : body;
    }

    /**
     * count and sum of certyneo_intake_batch_size_webhooks, then of certyneo_intake_statement_seconds and of
     * certyneo_intake_wait_seconds.
     */
    private static double[] batches() {
        String metrics = Management.metrics();
        return new double[]{Management.sample(metrics, "certyneo_intake_batch_size_webhooks_count"),
                Management.sample(metrics, "certyneo_intake_batch_size_webhooks_sum"),
                Management.sample(metrics, "certyneo_intake_statement_seconds_count"),
                Management.sample(metrics, "certyneo_intake_statement_seconds_sum"),
                Management.sample(metrics, "certyneo_intake_wait_seconds_count"),
                Management.sample(metrics, "certyneo_intake_wait_seconds_sum")};
    }
}
