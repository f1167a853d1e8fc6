package com.certyneo.slack.installation;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.RandomGenerator;

/**
 * Seeded mutations of valid requests, built from jqwik's generators driven by one {@link Random}: the same seed gives
 * the same cases, so a failure printed with its seed can be replayed with {@code -Dguards.seed=…}. Create and use it
 * inside a {@code JqwikSession}.
 */
final class Mutations {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    // characters a request target may hold (RFC 3986), with odd meanings: malformed or truncated escapes, NUL,
    // lone UTF-8 bytes, separators, numbers at the edges. Characters it may not hold are refused by the HTTP layer.
    private static final List<String> QUERY_PIECES = List.of("%", "%zz", "%00", "%ff", "%2", "+", "&", "=", "%26",
            "%3D", "..", "%2e%2e", "-1", "0", "1", "200", "201", "9223372036854775807", "9223372036854775808", "1e9",
            "NaN", "null", "%5B%5D", "%7B%7D", "%E2%82%AC", "%C3", "%C3%A9", "%0D%0A", ";", "'", "!", "*");

    private final Random random;
    // jqwik's generators, used inside a JqwikSession (the test is a JUnit Jupiter @QuarkusTest, not a jqwik property)
    private final RandomGenerator<String> anyStrings = Arbitraries.strings().all().ofMaxLength(80).generator(100);
    private final RandomGenerator<String> asciiStrings = Arbitraries.strings().ascii().ofMaxLength(40).generator(100);
    private final RandomGenerator<Long> longs = Arbitraries.longs().generator(100);
    private final RandomGenerator<Double> doubles = Arbitraries.doubles().generator(100);
    private final RandomGenerator<String> queryPieces = Arbitraries.of(QUERY_PIECES).generator(100);

    Mutations(long seed) {
        this.random = new Random(seed);
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    String anyString() {
        return anyStrings.next(random).value();
    }

    String ascii() {
        return asciiStrings.next(random).value();
    }

    /** A query-string value as raw characters: percent-escapes valid or not, numbers at the edges, junk. */
    String rawQueryValue() {
        StringBuilder value = new StringBuilder();
        int pieces = random.nextInt(4);
        for (int i = 0; i < pieces; i++) {
            value.append(random.nextBoolean() ? queryPieces.next(random).value() : urlSafe(ascii()));
        }
        return value.toString();
    }

    /** Some odd JSON value: wrong types, nulls, extremes, deep nesting. */
    JsonNode oddValue() {
        return switch (random.nextInt(14)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(longs.next(random).value());
            case 3 -> NODES.numberNode(doubles.next(random).value());
            case 4 -> NODES.numberNode(new BigInteger(200, random));
            case 5 -> NODES.textNode(anyString());
            case 6 -> NODES.textNode("x".repeat(random.nextInt(20_000)));
            case 7 -> NODES.arrayNode();
            case 8 -> NODES.arrayNode().add(NODES.nullNode());
            case 9 -> NODES.objectNode();
            case 10 -> deep(random.nextInt(300));
            case 11 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(50); i > 0; i--) {
                    array.add(random.nextBoolean() ? NODES.textNode(anyString()) : oddScalar());
                }
                yield array;
            }
            case 12 -> NODES.objectNode().set(anyString(), oddScalar());
            default -> NODES.textNode("\u0000\u202e<script>\"'\\");
        };
    }

    private JsonNode oddScalar() {
        return switch (random.nextInt(4)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.numberNode(longs.next(random).value());
            case 2 -> NODES.booleanNode(true);
            default -> NODES.textNode(anyString());
        };
    }

    private static JsonNode deep(int depth) {
        JsonNode node = NODES.textNode("bottom");
        for (int i = 0; i < depth; i++) {
            node = i % 2 == 0 ? NODES.arrayNode().add(node) : NODES.objectNode().set("a", node);
        }
        return node;
    }

    /** A mutated copy of {@code valid}, serialized; sometimes not JSON at all any more. */
    byte[] mutate(ObjectNode valid) {
        JsonNode copy = valid.deepCopy();
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            copy = mutateOnce(copy);
        }
        String text = copy.toString();
        return switch (random.nextInt(12)) {
            case 0 -> text.substring(0, random.nextInt(text.length() + 1)).getBytes(StandardCharsets.UTF_8);
            case 1 -> {
                byte[] bytes = new byte[random.nextInt(200)];
                random.nextBytes(bytes);
                yield bytes;
            }
            case 2 -> (text + text).getBytes(StandardCharsets.UTF_8);
            default -> text.getBytes(StandardCharsets.UTF_8);
        };
    }

    private JsonNode mutateOnce(JsonNode node) {
        if (random.nextInt(15) == 0) {
            return oddValue();
        }
        List<ObjectNode> objects = new ArrayList<>();
        collectObjects(node, objects);
        if (objects.isEmpty()) {
            return node;
        }
        ObjectNode target = objects.get(random.nextInt(objects.size()));
        List<String> names = new ArrayList<>();
        target.fieldNames().forEachRemaining(names::add);
        switch (random.nextInt(4)) {
            case 0 -> {
                if (!names.isEmpty()) {
                    target.remove(names.get(random.nextInt(names.size())));
                }
            }
            case 1 -> target.set(random.nextBoolean() ? anyString() : "unknown_" + random.nextInt(5), oddValue());
            default -> {
                if (!names.isEmpty()) {
                    String name = names.get(random.nextInt(names.size()));
                    JsonNode value = target.get(name);
                    if (value.isArray() && !value.isEmpty() && random.nextBoolean()) {
                        ((ArrayNode) value).set(random.nextInt(value.size()), oddValue());
                    } else {
                        target.set(name, oddValue());
                    }
                }
            }
        }
        return node;
    }

    private static void collectObjects(JsonNode node, List<ObjectNode> into) {
        if (node instanceof ObjectNode object) {
            into.add(object);
            object.elements().forEachRemaining(child -> collectObjects(child, into));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> collectObjects(child, into));
        }
    }

    static ObjectNode object(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    /** Percent-encodes everything but unreserved characters, so that the text arrives as it is. */
    static String urlSafe(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (Character.isLetterOrDigit(c) && c < 128 || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
