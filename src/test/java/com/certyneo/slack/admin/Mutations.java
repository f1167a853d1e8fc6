package com.certyneo.slack.admin;

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

/**
 * Seeded mutations of valid requests, all drawn from one {@link Random}: the same seed gives the same cases, so a
 * failure printed with its seed can be replayed with {@code -Dguards.seed=…}.
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
    /** Code points worth trying besides plain ASCII: controls, NUL, a lone surrogate, RTL, emoji, non-characters. */
    private static final int[] ODD_CODE_POINTS = {0, 1, 0x1f, 0x7f, 0xa0, 0xe9, 0x202e, 0xd800, 0xdfff, 0xfeff,
            0xfffe, 0xffff, 0x1f4e4, 0x10ffff};

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
        int length = random.nextInt(81);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int pick = random.nextInt(10);
            if (pick < 5) {
                text.append((char) (0x20 + random.nextInt(0x5f)));
            } else if (pick < 8) {
                text.appendCodePoint(ODD_CODE_POINTS[random.nextInt(ODD_CODE_POINTS.length)]);
            } else {
                int cp = random.nextInt(0x110000);
                if (Character.isSurrogate((char) cp) && cp <= 0xffff) {
                    text.append((char) cp); // lone surrogates are wanted too
                } else {
                    text.appendCodePoint(cp);
                }
            }
        }
        return text.toString();
    }

    String ascii() {
        int length = random.nextInt(41);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) random.nextInt(0x80));
        }
        return text.toString();
    }

    /** A query-string value as raw characters: percent-escapes valid or not, numbers at the edges, junk. */
    String rawQueryValue() {
        StringBuilder value = new StringBuilder();
        int pieces = random.nextInt(4);
        for (int i = 0; i < pieces; i++) {
            value.append(
                    random.nextBoolean() ? QUERY_PIECES.get(random.nextInt(QUERY_PIECES.size())) : urlSafe(ascii()));
        }
        return value.toString();
    }

    /** Some odd JSON value: wrong types, nulls, extremes, deep nesting. */
    JsonNode oddValue() {
        return switch (random.nextInt(14)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(edgyLong());
            case 3 -> NODES.numberNode(edgyDouble());
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
            case 1 -> NODES.numberNode(edgyLong());
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

    /** Mostly the edges (0, ±1, min, max), sometimes anything. */
    private long edgyLong() {
        long[] edges = {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE};
        return random.nextBoolean() ? edges[random.nextInt(edges.length)] : random.nextLong();
    }

    private double edgyDouble() {
        double[] edges = {0.0, -0.0, 0.5, -1e-300, 1e308, -1e308, Double.MIN_VALUE};
        return random.nextBoolean() ? edges[random.nextInt(edges.length)] : (random.nextDouble() - 0.5) * 1e12;
    }
}
