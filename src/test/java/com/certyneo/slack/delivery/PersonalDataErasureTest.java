package com.certyneo.slack.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.FakeSlack;
import com.certyneo.slack.testsupport.FakeSlack.Channel;
import com.certyneo.slack.testsupport.FakeSlack.Reply;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** SPEC section 8: once a delivery has ended, nothing personal of its event is left in any table. */
@QuarkusTest
class PersonalDataErasureTest {

    @Inject
    DeliveryFixtures fixtures;

    @Test
    void afterDeliveryNoTableHoldsASignerNameEmailTitleOrReasonOfTheEvent() throws IOException {
        FakeSlack slack = FakeSlack.get();
        slack.reset();
        String ok = DeliveryFixtures.channel("CPII");
        String gone = DeliveryFixtures.channel("CGONE"); // Slack refuses every message there: the delivery fails
        slack.setChannels(List.of(Channel.publicChannel(ok, "pii", true)));
        slack.always(FakeSlack.POST_MESSAGE, gone, Reply.error("msg_too_long"));
        var sentInst = fixtures.install(FakeSlack.TEAM_ID, ok, FakeSlack.BOT_TOKEN);
        var failedInst = fixtures.install(FakeSlack.TEAM_ID, gone, FakeSlack.BOT_TOKEN);
        slack.enqueue(FakeSlack.POST_MESSAGE, ok, Reply.httpStatus(500)); // one retry on the way

        String marker = UUID.randomUUID().toString().substring(0, 8);
        List<String> secrets = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        for (String type : List.of("envelope.completed", "envelope.declined", "envelope.expired", "envelope.sent",
                "recipient.signed")) {
            // the fixture event, with every personal value made unique to this test
            String fixture = read("/fixtures/events/" + type + ".json")
                    .replace("Alice Dupont", "Alice " + marker).replace("alice@acme.example", "alice." + marker + "@x")
                    .replace("Bob Leroy", "Bob " + marker).replace("Chloé Martin", "Chloé " + marker)
                    .replace("Claire Martin", "Claire " + marker)
                    .replace("claire@certyneo.example", "claire." + marker + "@x")
                    .replace("\"title\": \"", "\"title\": \"Title " + marker + " ")
                    .replace("Wrong amount in clause 4", "Reason " + marker);
            JsonObject data = new JsonObject(fixture).getJsonObject("data");
            ids.add(fixtures.enqueue(sentInst, type, data, true));
            ids.add(fixtures.enqueue(failedInst, type, data, true));
        }
        secrets.add(marker);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> ids.stream()
                .noneMatch(id -> "queued".equals(fixtures.delivery(id).getString("status"))));

        // Slack got the names (that is the product); our database keeps none of them
        assertThat(slack.postedMessages().stream().filter(c -> ok.equals(c.channel()))).hasSize(5);
        for (Row table : fixtures.rows("""
                select table_name from information_schema.tables
                 where table_schema = 'public' and table_type = 'BASE TABLE'""", Tuple.tuple())) {
            String name = table.getString("table_name");
            for (String secret : secrets) {
                long hits = fixtures.one("select count(*) as n from \"" + name + "\" t where t::text like $1",
                        Tuple.of("%" + secret + "%")).getLong("n");
                assertThat(hits).as("rows of %s holding %s", name, secret).isZero();
            }
        }
        // what stays: ids, types, outcomes and timestamps
        for (long id : ids) {
            Row row = fixtures.delivery(id);
            assertThat(row.getString("status")).isIn("sent", "failed");
            assertThat(row.getString("event_type")).isNotBlank();
            assertThat(row.getOffsetDateTime("ended_at")).isNotNull();
        }
    }

    @Test
    void whateverEndsADeliveryErasesItsEventsDataAtOnceAndNothingElseDoes() {
        var inst = fixtures.install(FakeSlack.TEAM_ID, DeliveryFixtures.channel("CEND"), "xoxb-unused");
        // leased far ahead, so the running dispatcher leaves them alone
        long endedByHand = fixtures.enqueueClaimed(inst, "Ended by an operator", "erasure-test", 3600);
        long requeued = fixtures.enqueueClaimed(inst, "Retried later", "erasure-test", 3600);
        long held = fixtures.enqueueClaimed(inst, "Held", "erasure-test", 3600);

        // an operator's SQL, not one of the service's statements
        fixtures.update("update delivery set status = 'cancelled', ended_at = now() where id = $1",
                Tuple.of(endedByHand));
        // what the queue does to a delivery still in flight: attempts, a later try, a hold
        fixtures.update("""
                update delivery set attempts = attempts + 1, next_attempt_at = now() + interval '1 hour',
                       last_error = 'timeout' where id = $1""", Tuple.of(requeued));
        fixtures.update("update delivery set status = 'held', held_at = now() where id = $1", Tuple.of(held));

        assertThat(payload(endedByHand)).as("erased in the statement that ended it").isNull();
        assertThat(payload(requeued)).as("still to be sent").contains("Retried later");
        assertThat(payload(held)).as("still to be sent once the channel is fixed").contains("Held");
        assertThat(fixtures.one("select e.envelope_id from webhook_event e join delivery d using (event_id) "
                + "where d.id = $1", Tuple.of(endedByHand)).getString("envelope_id"))
                .as("the envelope id is not personal data: Re-send still finds the envelope").isEqualTo("env_1");
    }

    private String payload(long deliveryId) {
        return fixtures.one("select e.payload from webhook_event e join delivery d using (event_id) where d.id = $1",
                Tuple.of(deliveryId)).getString("payload");
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = PersonalDataErasureTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
