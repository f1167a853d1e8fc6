package com.certyneo.slack.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.AdminTokens;
import com.certyneo.slack.testsupport.FakeSlack;
import com.certyneo.slack.testsupport.FakeSlack.Call;
import com.certyneo.slack.testsupport.Installations;
import com.certyneo.slack.testsupport.Webhooks;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Burst digests end to end (SPEC section 3.2): signed webhooks over HTTP, the real database, the fake Slack answering
 * 429 to any second message on a channel within one second.
 */
@QuarkusTest
class DigestBurstTest {

    private static final String SENT = "envelope.sent";
    private static final String SIGNED = "recipient.signed";
    private static final Map<String, String> COLORS = Map.of("#36C5F0", SENT, "#7C3AED", SIGNED);

    @Inject
    DeliveryFixtures fixtures;

    FakeSlack slack;

    @BeforeEach
    void reset() {
        slack = FakeSlack.get();
        slack.reset();
        slack.strictPacing(true);
    }

    @AfterEach
    void relax() {
        slack.strictPacing(false);
    }

    @Test
    void aBurstOf300SentEventsIsInSlackWithin30SecondsInAtMost30DigestsWithout429sEachEventSentOnce()
            throws Exception {
        Account acc = account(inst -> inst.digest(true, 10));
        List<String> titles = new ArrayList<>();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 1; i <= 300; i++) {
                String title = acc.tag + "-" + i;
                titles.add(title);
                byte[] body = Webhooks.bytes(event(SENT, acc.id, title));
                answers.add(pool.submit(() -> Webhooks
                        .send(Webhooks.jdkRequest(body, "msg_" + UUID.randomUUID())
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build())
                        .statusCode()));
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(202);
            }
        } finally {
            pool.shutdown();
        }
        long accepted = System.nanoTime();
        // SPEC 3.2: the whole burst is in Slack within 30 s of its first webhook, intake included
        Duration left = Duration.ofSeconds(30).minusNanos(accepted - start);
        await().atMost(left).pollInterval(Duration.ofMillis(200)).until(() -> sent(acc.id) == 300);
        List<Call> posts = slack.posts(acc.channel);
        System.out.printf("digest burst: 300 events accepted in %.1f s, all in Slack %.1f s later, in %d messages,"
                + " %d answered 429%n", (accepted - start) / 1e9, (System.nanoTime() - accepted) / 1e9, posts.size(),
                slack.rateLimited());
        assertThat(posts).allMatch(Call::ok);
        assertThat(posts.size()).isBetween(15, 30);
        assertThat(slack.rateLimited()).isZero();
        assertThat(slack.pacingViolations()).isZero();
        assertEachTitleInSlackOnce(posts, acc.tag, titles);
        List<Row> rows = deliveries(acc.id);
        assertMessagesAreOrderedRunsOfOneType(rows, posts.size());
        assertThat(rows).allMatch(r -> r.getInteger("attempts") == 1 && r.getLong("audited") == 1
                && "ok".equals(r.getString("outcome")));
        assertThat(rows.stream().filter(r -> r.getInteger("digest_size") != null).count()).isGreaterThan(250);

        // the audit answer tells which message carried each event and how many it merged
        JsonPath audit = given().auth().oauth2(AdminTokens.admin(acc.id)).queryParam("limit", 200)
                .get("/api/v1/accounts/{acc}/slack/deliveries", acc.id).then().statusCode(200).extract().jsonPath();
        Map<String, Integer> sizes = new LinkedHashMap<>();
        rows.forEach(r -> sizes.put(r.getString("event_id"), r.getInteger("digest_size")));
        List<Map<String, Object>> items = audit.getList("items");
        assertThat(items).hasSize(200).allSatisfy(item -> {
            assertThat(item).containsEntry("status", "sent").containsKey("digest_size");
            assertThat(item.get("digest_size")).isEqualTo(sizes.get((String) item.get("event_id")));
        });
    }

    @Test
    void onlyConsecutiveEventsOfOneTypeAreMergedSoTheOrderOfTypesIsKept() {
        Account acc = account(inst -> inst.digest(true, 3));
        List<String> types = new ArrayList<>();
        for (String run : List.of("S6", "G6", "S6", "G1", "S1", "G1", "S1")) {
            for (int i = 0; i < run.charAt(1) - '0'; i++) {
                types.add(run.charAt(0) == 'S' ? SENT : SIGNED);
            }
        }
        List<String> titles = new ArrayList<>();
        for (String type : types) {
            String title = acc.tag + "-" + (titles.size() + 1);
            titles.add(title);
            Webhooks.post(event(type, acc.id, title)).then().statusCode(202);
        }
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                .until(() -> sent(acc.id) == types.size());

        List<Call> posts = slack.posts(acc.channel);
        assertThat(posts).allMatch(Call::ok);
        assertEachTitleInSlackOnce(posts, acc.tag, titles);
        List<Row> rows = deliveries(acc.id);
        assertMessagesAreOrderedRunsOfOneType(rows, posts.size());
        // the colour of each message in order, equal neighbours folded: the types' order as accepted
        List<String> order = new ArrayList<>();
        for (Call post : posts) {
            String type = COLORS.get(post.body().path("attachments").path(0).path("color").asText());
            if (order.isEmpty() || !order.get(order.size() - 1).equals(type)) {
                order.add(type);
            }
        }
        assertThat(order).containsExactly(SENT, SIGNED, SENT, SIGNED, SENT, SIGNED, SENT);
        // the runs of six were merged (the first event may have left alone, before the others arrived)
        assertThat(posts.size()).isBetween(7, 9);
        // the alternating tail: four messages, one event each
        assertThat(rows.subList(18, 22)).allMatch(r -> r.getInteger("digest_size") == null);
        assertThat(rows.subList(18, 22).stream().map(r -> r.getString("slack_ts")).distinct()).hasSize(4);
    }

    @Test
    void theThreadLayoutNeverMergesEventsEvenWithTheDigestOn() {
        Account acc = account(inst -> inst.digest(true, 3).layout("thread_per_envelope"));
        oneMessagePerEvent(acc);
    }

    @Test
    void withTheDigestOffABurstIsOneMessagePerEvent() {
        Account acc = account(inst -> inst.digest(false, 3));
        oneMessagePerEvent(acc);
    }

    private void oneMessagePerEvent(Account acc) {
        for (int i = 1; i <= 6; i++) {
            Webhooks.post(event(SENT, acc.id, acc.tag + "-" + i)).then().statusCode(202);
        }
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> sent(acc.id) == 6);
        List<Row> rows = deliveries(acc.id);
        assertThat(rows).allMatch(r -> r.getInteger("digest_size") == null);
        assertThat(rows.stream().map(r -> r.getString("slack_ts")).distinct()).hasSize(6);
        assertThat(slack.rateLimited()).isZero();
    }

    // ---------------------------------------------------------------------------------------------------------------

    record Account(String id, String channel, String tag) {
    }

    private static Account account(java.util.function.UnaryOperator<Installations> settings) {
        String id = "acc_" + UUID.randomUUID().toString().substring(0, 8);
        String channel = DeliveryFixtures.channel("CDIG");
        settings.apply(Installations.connected(id).team(FakeSlack.TEAM_ID, "Acme").channel(channel, "signatures"))
                .insert();
        return new Account(id, channel, "T" + channel.substring(4).toLowerCase());
    }

    static ObjectNode event(String type, String account, String title) {
        ObjectNode event = Webhooks.event(type, account);
        ((ObjectNode) event.get("data").get("envelope")).put("title", title);
        return event;
    }

    private long sent(String account) {
        return fixtures.one("select count(*) as n from delivery where account_id = $1 and status = 'sent'",
                Tuple.of(account)).getLong("n");
    }

    private List<Row> deliveries(String account) {
        return fixtures.rows("""
                select d.id, d.event_id, d.event_type, d.status, d.attempts, d.slack_ts, d.digest_size,
                       (select count(*) from delivery_attempt a where a.delivery_id = d.id) as audited,
                       (select max(outcome) from delivery_attempt a where a.delivery_id = d.id) as outcome
                  from delivery d where d.account_id = $1 order by d.id""", Tuple.of(account));
    }

    /** Every event's title appears in exactly one message's blocks (what people read), never in two. */
    static void assertEachTitleInSlackOnce(List<Call> posts, String tag, List<String> titles) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        Pattern title = Pattern.compile("\\b" + Pattern.quote(tag) + "-\\d+\\b");
        for (Call post : posts) {
            for (JsonNode block : post.body().path("attachments").path(0).path("blocks")) {
                Matcher m = title.matcher(block.path("text").path("text").asText(""));
                while (m.find()) {
                    seen.merge(m.group(), 1, Integer::sum);
                }
            }
        }
        assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(titles);
        assertThat(seen.values()).allMatch(n -> n == 1);
    }

    /**
     * Deliveries in accepted order, grouped by the message (slack_ts) that carried them: each message carries a run of
     * consecutive deliveries of one type, as many as its digest_size says (none: one), and the messages follow the
     * deliveries' order; as many messages as Slack got.
     */
    static void assertMessagesAreOrderedRunsOfOneType(List<Row> rows, int messages) {
        assertThat(rows).allMatch(r -> "sent".equals(r.getString("status")));
        List<List<Row>> runs = new ArrayList<>();
        for (Row r : rows) {
            List<Row> last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (last != null && last.get(0).getString("slack_ts").equals(r.getString("slack_ts"))) {
                last.add(r);
            } else {
                runs.add(new ArrayList<>(List.of(r)));
            }
        }
        assertThat(runs).hasSize(messages);
        assertThat(runs.stream().map(run -> run.get(0).getString("slack_ts")).distinct()).hasSize(messages);
        BigDecimal previous = BigDecimal.ZERO;
        int total = 0;
        for (List<Row> run : runs) {
            BigDecimal ts = new BigDecimal(run.get(0).getString("slack_ts"));
            assertThat(ts).isGreaterThan(previous);
            previous = ts;
            assertThat(run.stream().map(r -> r.getString("event_type")).distinct()).hasSize(1);
            Integer size = run.get(0).getInteger("digest_size");
            assertThat(run).allMatch(r -> java.util.Objects.equals(r.getInteger("digest_size"), size));
            assertThat(run).hasSize(size == null ? 1 : size);
            assertThat(run.size()).isLessThanOrEqualTo(20);
            total += run.size();
        }
        assertThat(total).isEqualTo(rows.size());
    }
}
