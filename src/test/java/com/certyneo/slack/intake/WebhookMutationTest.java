package com.certyneo.slack.intake;

import static com.certyneo.slack.testsupport.Webhooks.bytes;
import static com.certyneo.slack.testsupport.Webhooks.connectedAccount;
import static com.certyneo.slack.testsupport.Webhooks.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.Webhooks;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Thousands of seeded random mutations of the five fixtures (deleted fields, swapped types,
 * truncation, byte flips, huge strings, deep nesting), each correctly signed: none may produce a
 * 5xx, and every refusal is a problem+json. The seed is fixed so a failure can be replayed.
 */
@QuarkusTest
class WebhookMutationTest {

    @AfterEach
    void cancelWhatIsStillQueued() {
        Webhooks.cancelQueuedDeliveries();
    }

    private static final long SEED = 20261127L;
    private static final int BODIES = 3000;
    private static final List<String> TYPES = List.of("envelope.completed", "envelope.declined", "envelope.expired",
            "envelope.sent", "recipient.signed");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void thousandsOfMutatedSignedBodiesNeverGetA5xx() throws Exception {
        String account = connectedAccount();
        Random random = new Random(SEED);
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<String> failures = new ArrayList<>();
        Semaphore inFlight = new Semaphore(8);
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (int i = 0; i < BODIES; i++) {
            byte[] body = mutate(random, event(TYPES.get(random.nextInt(TYPES.size())), account));
            HttpRequest request = Webhooks.jdkRequest(body, "msg_" + UUID.randomUUID())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            inFlight.acquire();
            int index = i;
            all.add(Webhooks.HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, error) -> {
                        inFlight.release();
                        if (error != null) {
                            record(failures, "#" + index + " transport error " + error);
                            return;
                        }
                        int status = response.statusCode();
                        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                        String type = response.headers().firstValue("Content-Type").orElse("");
                        if (status >= 500 || !(status == 200 || status == 202 || status == 400 || status == 413)) {
                            record(failures, "#" + index + " got " + status + ": " + response.body() + " for "
                                    + preview(body));
                        } else if (status >= 400 && !type.startsWith("application/problem+json")) {
                            record(failures, "#" + index + " got " + status + " without a problem body");
                        }
                    }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();

        assertThat(failures).isEmpty();
        // the mutations reached both sides of validation
        assertThat(statuses.get(400)).isNotNull();
        assertThat(statuses.get(202)).isNotNull();
        assertThat(statuses.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(BODIES);
    }

    private static void record(List<String> failures, String failure) {
        synchronized (failures) {
            failures.add(failure);
        }
    }

    private static String preview(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    static byte[] mutate(Random random, ObjectNode event) {
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            mutateTree(random, event);
        }
        byte[] body = bytes(event);
        if (random.nextInt(3) == 0) {
            body = mutateBytes(random, body);
        }
        return body;
    }

    private static void mutateTree(Random random, ObjectNode root) {
        List<MutatedBodies.Slot> slots = new ArrayList<>();
        collect(root, slots);
        MutatedBodies.Slot slot = slots.get(random.nextInt(slots.size()));
        switch (random.nextInt(7)) {
            case 0 -> slot.remove();
            case 1 -> slot.set(randomValue(random));
            case 2 -> slot.set(NODES.textNode("ü€😀".repeat(1 + random.nextInt(20_000))));
            case 3 -> slot.set(nest(random, slot.get(), 1 + random.nextInt(40)));
            case 4 -> slot.set(NODES.textNode(randomText(random, 1 + random.nextInt(40))));
            case 5 -> slot.set(NODES.numberNode(random.nextLong()));
            default -> slot.set(NODES.textNode("x".repeat(random.nextInt(300_000))));
        }
    }

    private static JsonNode randomValue(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextDouble() * 1e300);
            case 3 -> NODES.objectNode().put("k", "v");
            case 4 -> NODES.arrayNode().add(1).add("two");
            case 5 -> NODES.textNode("");
            case 6 -> NODES.textNode("pending");
            default -> NODES.textNode("https://app.certyneo.com/x");
        };
    }

    private static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) random.nextInt(0x3000));
        }
        return text.toString();
    }

    private static JsonNode nest(Random random, JsonNode inner, int depth) {
        JsonNode node = inner;
        for (int i = 0; i < depth; i++) {
            node = random.nextBoolean() ? NODES.arrayNode().add(node) : NODES.objectNode().set("n", node);
        }
        return node;
    }

    private static byte[] mutateBytes(Random random, byte[] body) {
        return switch (random.nextInt(5)) {
            case 0 -> Arrays.copyOf(body, random.nextInt(body.length));
            case 1 -> {
                byte[] flipped = body.clone();
                for (int i = 0; i < 1 + random.nextInt(4); i++) {
                    flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
                }
                yield flipped;
            }
            case 2 -> {
                byte[] junk = new byte[1 + random.nextInt(8)];
                random.nextBytes(junk);
                int at = random.nextInt(body.length);
                byte[] out = new byte[body.length + junk.length];
                System.arraycopy(body, 0, out, 0, at);
                System.arraycopy(junk, 0, out, at, junk.length);
                System.arraycopy(body, at, out, at + junk.length, body.length - at);
                yield out;
            }
            case 3 -> {
                int from = random.nextInt(body.length);
                int to = Math.min(body.length, from + 1 + random.nextInt(40));
                byte[] out = new byte[body.length - (to - from)];
                System.arraycopy(body, 0, out, 0, from);
                System.arraycopy(body, to, out, from, body.length - to);
                yield out;
            }
            default -> new String(body, StandardCharsets.UTF_8)
                    .replaceFirst("\"[a-z_]+\"", "\"\\\\u0000\"").getBytes(StandardCharsets.UTF_8);
        };
    }

    private static void collect(JsonNode node, List<MutatedBodies.Slot> slots) {
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> {
                slots.add(new MutatedBodies.Slot(node, name, -1, null));
                collect(node.get(name), slots);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                slots.add(new MutatedBodies.Slot(node, null, i, null));
                collect(node.get(i), slots);
            }
        }
    }
}
