package com.certyneo.slack.intake;

import static com.certyneo.slack.testsupport.Webhooks.connectedAccount;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.certyneo.slack.event.EnvelopeEvent;
import com.certyneo.slack.event.EventType;
import com.certyneo.slack.intake.MutatedBodies.Case;
import com.certyneo.slack.intake.MutatedBodies.Expected;
import com.certyneo.slack.message.Language;
import com.certyneo.slack.message.MessageRenderer;
import com.certyneo.slack.message.SlackText;
import com.certyneo.slack.testsupport.Webhooks;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Property test over real HTTP (SPEC sections 2 and 3): 10,000 correctly signed bodies, each a fixture with
 * random mutations ({@link MutatedBodies}), required fields included. For every one: never a 5xx; 400 only
 * when a required field is missing or invalid (and then naming it) or the body is nested too deep; every
 * accepted event renders within Slack's limits. The seed is random unless {@code -Dwebhook.property.seed=…}
 * is given and is printed, with the case, in every failure; {@code -Dwebhook.property.cases=…} changes the
 * number of cases.
 */
@QuarkusTest
class WebhookPropertyTest {

    static final String SEED_PROPERTY = "webhook.property.seed";
    /** Slack's limits for a header text and a button URL (SPEC section 3). */
    private static final int HEADER_TEXT_MAX = 150;
    private static final int URL_MAX = 3000;

    private final WebhookPayloadParser parser = new WebhookPayloadParser();
    private final MessageRenderer renderer = new MessageRenderer();

    @AfterEach
    void cancelWhatIsStillQueued() {
        Webhooks.cancelQueuedDeliveries();
    }

    @Test
    void mutatedSignedBodiesGetTheAnswerTheSpecDemandsAndAcceptedOnesRenderWithinSlackLimits() throws Exception {
        long seed = Long.getLong(SEED_PROPERTY, new SecureRandom().nextLong());
        int cases = Integer.getInteger("webhook.property.cases", 10_000);
        System.out.println("WebhookPropertyTest: seed " + seed + " (rerun with -D" + SEED_PROPERTY + "=" + seed + ")");
        String account = connectedAccount();
        Map<String, Integer> outcomes = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        Semaphore inFlight = new Semaphore(8);
        List<CompletableFuture<?>> all = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < cases; i++) {
            Case c = MutatedBodies.generate(seed, i, account);
            HttpRequest request = Webhooks.jdkRequest(c.body(), "msg_" + UUID.randomUUID())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(c.body())).build();
            inFlight.acquire();
            all.add(Webhooks.HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                inFlight.release();
                String failure = e != null ? "transport error " + e : check(c, r);
                synchronized (outcomes) {
                    outcomes.merge(e != null ? "error" : String.valueOf(r.statusCode()), 1, Integer::sum);
                    if (failure != null && failures.size() < 20) {
                        failures.add(failure + "\n    " + c.describe());
                    }
                }
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        System.out.printf("WebhookPropertyTest: %d cases in %d ms, answers %s%n", cases,
                (System.nanoTime() - started) / 1_000_000, outcomes);

        assertThat(failures).as("seed %d (rerun with -D%s=%d)", seed, SEED_PROPERTY, seed).isEmpty();
        // the mutations reach every side of the contract
        assertThat(outcomes).as("seed %d", seed).containsKeys("202", "200", "400");
    }

    /** Null when the answer is what the spec demands, else what is wrong. */
    private String check(Case c, HttpResponse<String> response) {
        int status = response.statusCode();
        Expected expected = c.expected();
        if (status >= 500) {
            return "got " + status + ": " + response.body();
        }
        if (status >= 400 && !response.headers().firstValue("Content-Type").orElse("")
                .startsWith("application/problem+json")) {
            return "got " + status + " without a problem body";
        }
        boolean duplicateAllowed = expected.idChanged() && status == 200 && response.body().contains("duplicate");
        if (status != expected.status() && !duplicateAllowed) {
            return "got " + status + " instead of " + expected.status() + ": " + response.body();
        }
        if (status == 400 && !expected.fields().isEmpty()
                && expected.fields().stream().noneMatch(f -> response.body().contains("\"field\":\"" + f + "\""))) {
            return "400 naming another field than " + expected.fields() + ": " + response.body();
        }
        if (status == 200 && expected.reason() != null && !duplicateAllowed
                && !response.body().contains("\"reason\":\"" + expected.reason() + "\"")) {
            return "200 for another reason than " + expected.reason() + ": " + response.body();
        }
        return status == 202 ? checkRendering(c) : null;
    }

    /** The message of an accepted event, rendered from what the intake stores, fits Slack's limits. */
    private String checkRendering(Case c) {
        try {
            // as the dispatcher does: read the stored payload, render
            ValidatedEvent event = parser.parse(c.body()).orElseThrow();
            JsonNode message = renderer.render(EnvelopeEvent.read(EventType.fromWire(c.type()).orElseThrow(),
                    Webhooks.JSON.readTree(event.json())), Language.EN);
            String text = message.path("text").asText("");
            JsonNode blocks = message.at("/attachments/0/blocks");
            if (text.isBlank() || message.at("/attachments/0/fallback").asText("").isBlank()) {
                return "no fallback text: " + message;
            }
            if (text.length() > SlackText.SECTION_TEXT_MAX || !blocks.isArray() || blocks.isEmpty()
                    || blocks.size() > SlackText.BLOCKS_MAX) {
                return "message out of Slack's limits: " + message;
            }
            for (JsonNode block : blocks) {
                String problem = checkBlock(block, c);
                if (problem != null) {
                    return problem + ": " + message;
                }
            }
            return null;
        } catch (Exception | StackOverflowError e) {
            return "rendering failed: " + e;
        }
    }

    private static String checkBlock(JsonNode block, Case c) {
        String type = block.path("type").asText();
        int max = "header".equals(type) ? HEADER_TEXT_MAX : SlackText.SECTION_TEXT_MAX;
        JsonNode text = block.get("text");
        if (text != null && (text.path("text").asText("").length() > max || text.path("text").asText("").isEmpty())) {
            return type + " text of " + text.path("text").asText("").length() + " characters";
        }
        if (text != null && "mrkdwn".equals(text.path("type").asText()) && !text.path("verbatim").asBoolean()) {
            return "mrkdwn text without verbatim";
        }
        for (JsonNode element : block.path("elements")) {
            if (element.path("text").path("text").asText("").length() > SlackText.BUTTON_TEXT_MAX) {
                return "button text too long";
            }
            if (element.has("url")) {
                String url = element.get("url").asText();
                URI envelope = URI.create(c.tree().at("/data/envelope/url").asText().strip());
                if (url.length() > URL_MAX || !url.startsWith("https://")
                        || !URI.create(url).getHost().equalsIgnoreCase(envelope.getHost())) {
                    return "button url not https on the envelope's host";
                }
            }
        }
        return null;
    }
}
