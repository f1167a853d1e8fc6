package com.certyneo.slack.intake;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import com.certyneo.slack.testsupport.Webhooks;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Generator of mutated webhook bodies for the property test, and its oracle. A case is a fixture of a random
 * type with 1–3 mutations (drop, null, retype, lengthen, unicode, huge number, nesting, added or renamed
 * field) at random places, required fields included. The oracle says what SPEC section 2 demands of the
 * answer, from the mutated tree alone. Every case is a pure function of (seed, index), so one failing case
 * can be replayed.
 */
final class MutatedBodies {

    static final int MAX_BODY = 256 * 1024;
    static final List<String> TYPES = List.of("envelope.completed", "envelope.declined", "envelope.expired",
            "envelope.sent", "recipient.signed");
    static final List<String> REQUIRED = List.of("id", "account_id", "data", "data.envelope", "data.envelope.id");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper RAW = new ObjectMapper();
    private static final ObjectMapper ASCII = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private static final String[] UNICODE = {"😀", "é", "中文", "\u202E", "\u200B", "e\u0301", "<!channel>",
            "<@U123>", "<http://evil.example|click>", "&amp;", "*bold*", "`x`", "\n", "\t", "\u0000", "\uD800",
            "\uDC00", "\uFFFF", "\uFEFF", "ﷺ", "\u0085", " "};

    /** What the service must answer; when {@code idChanged}, a 200 duplicate is also right. */
    record Expected(int status, Set<String> fields, String reason, boolean idChanged) {
    }

    record Case(long seed, int index, String type, ObjectNode tree, byte[] body, List<String> mutations,
            Expected expected) {

        String describe() {
            String text = new String(body, StandardCharsets.UTF_8);
            return "seed=" + seed + " case=#" + index + " (rerun: -D" + WebhookPropertyTest.SEED_PROPERTY + "="
                    + seed + ") type=" + type + " mutations=" + mutations + " expected=" + expected + " body="
                    + (text.length() > 400 ? text.substring(0, 400) + "…" : text);
        }
    }

    private MutatedBodies() {
    }

    static Case generate(long seed, int index, String account) {
        Random random = new Random(mix(seed, index));
        String type = TYPES.get(random.nextInt(TYPES.size()));
        ObjectNode tree = Webhooks.fixture(type);
        tree.put("id", "evt_" + new UUID(random.nextLong(), random.nextLong()));
        tree.put("account_id", account);
        String originalId = tree.get("id").asText();
        List<String> mutations = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            mutations.add(mutate(random, tree));
        }
        byte[] body = write(tree, random.nextBoolean());
        Expected expected = expect(tree, body, account, originalId);
        return new Case(seed, index, type, tree, body, mutations, expected);
    }

    /** The oracle: SPEC section 2 applied to the mutated tree. */
    static Expected expect(ObjectNode tree, byte[] body, String account, String originalId) {
        if (body.length > MAX_BODY) {
            return new Expected(413, Set.of(), null, false);
        }
        if (depth(tree) > WebhookPayloadParser.MAX_DEPTH) {
            return new Expected(400, Set.of(), null, false);
        }
        JsonNode type = tree.get("type");
        if (type == null || !type.isTextual() || type.textValue().isBlank()) {
            return new Expected(400, Set.of("type"), null, false);
        }
        if (!TYPES.contains(type.textValue())) {
            return new Expected(200, Set.of(), "unknown_event_type", false);
        }
        Set<String> invalid = new LinkedHashSet<>();
        checkIdentifier(tree.get("id"), "id", invalid);
        checkIdentifier(tree.get("account_id"), "account_id", invalid);
        JsonNode data = tree.get("data");
        if (data == null || !data.isObject()) {
            invalid.add("data");
        } else if (!data.path("envelope").isObject()) {
            invalid.add("data.envelope");
        } else {
            checkIdentifier(data.get("envelope").get("id"), "data.envelope.id", invalid);
        }
        if (!invalid.isEmpty()) {
            return new Expected(400, invalid, null, false);
        }
        // dedup comes before the installation: a changed id may be one stored by an earlier case
        boolean idChanged = !originalId.equals(tree.get("id").textValue());
        if (!account.equals(tree.get("account_id").textValue())) {
            return new Expected(200, Set.of(), "account_not_connected", idChanged);
        }
        return new Expected(202, Set.of(), null, idChanged);
    }

    private static void checkIdentifier(JsonNode node, String field, Set<String> invalid) {
        if (node == null || !node.isTextual() || node.textValue().isBlank() || node.textValue().length() > 200
                || !wellFormed(node.textValue())) {
            invalid.add(field);
        }
    }

    private static boolean wellFormed(String text) {
        return text.indexOf('\0') < 0 && StandardCharsets.UTF_8.newEncoder().canEncode(text);
    }

    static int depth(JsonNode node) {
        int deepest = 0;
        for (JsonNode child : node) {
            deepest = Math.max(deepest, depth(child));
        }
        return node.isContainerNode() ? deepest + 1 : 0;
    }

    private static String mutate(Random random, ObjectNode root) {
        List<Slot> slots = new ArrayList<>();
        collect(root, "", slots);
        Slot slot = slots.get(random.nextInt(slots.size()));
        int kind = random.nextInt(10);
        switch (kind) {
            case 0 -> slot.remove();
            case 1 -> slot.set(NODES.nullNode());
            case 2 -> slot.set(otherType(random));
            case 3 -> slot.set(NODES.textNode(lengthened(random, slot.get())));
            case 4 -> slot.set(NODES.textNode(unicode(random)));
            case 5 -> slot.set(hugeNumber(random));
            case 6 -> slot.set(nest(random, slot.get(), 1 + random.nextInt(60)));
            case 7 -> {
                JsonNode value = slot.get();
                slot.remove();
                slot.parentObject().ifPresent(o -> o.set(slot.name() + "_v2", value));
            }
            default -> slot.parentObject().orElse(root).set("added_" + random.nextInt(1000), otherType(random));
        }
        String[] names = {"drop", "null", "retype", "lengthen", "unicode", "huge-number", "nest", "rename", "rename",
                "add"};
        return names[kind] + "@" + slot.path();
    }

    private static JsonNode otherType(Random random) {
        return switch (random.nextInt(9)) {
            case 0 -> NODES.booleanNode(random.nextBoolean());
            case 1 -> NODES.numberNode(random.nextInt());
            case 2 -> NODES.numberNode(new BigDecimal(random.nextDouble() * 1e300));
            case 3 -> NODES.objectNode().put("k", "v");
            case 4 -> NODES.arrayNode().add(1).add("two");
            case 5 -> NODES.textNode("");
            case 6 -> NODES.textNode("   ");
            case 7 -> NODES.textNode("https://app.certyneo.com/x");
            default -> NODES.textNode("pending");
        };
    }

    private static String lengthened(Random random, JsonNode current) {
        String base = current != null && current.isTextual() && !current.textValue().isEmpty()
                ? current.textValue()
                : "x";
        int[] lengths = {150, 201, 1000, 3001, 10_000, 60_000, MAX_BODY + 1};
        int target = lengths[random.nextInt(random.nextInt(20) == 0 ? lengths.length : lengths.length - 2)];
        StringBuilder text = new StringBuilder(target + base.length());
        while (text.length() < target) {
            text.append(base);
        }
        return text.toString();
    }

    private static String unicode(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = 0, n = 1 + random.nextInt(30); i < n; i++) {
            text.append(random.nextInt(4) == 0
                    ? Character.toString(random.nextInt(0x10FFFF + 1))
                    : UNICODE[random.nextInt(UNICODE.length)]);
        }
        return text.toString();
    }

    private static JsonNode hugeNumber(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> NODES.numberNode(new BigDecimal("1e" + (999 + random.nextInt(1_000_000))));
            case 1 -> NODES.numberNode(new BigDecimal("-1e-" + (999 + random.nextInt(1_000_000))));
            case 2 -> NODES.numberNode(new BigInteger("9".repeat(1 + random.nextInt(990))));
            case 3 -> NODES.numberNode(new BigDecimal("0." + "1".repeat(1 + random.nextInt(990))));
            default -> NODES.numberNode(random.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE);
        };
    }

    private static JsonNode nest(Random random, JsonNode inner, int depth) {
        JsonNode node = inner == null ? NODES.nullNode() : inner;
        for (int i = 0; i < depth; i++) {
            node = random.nextBoolean() ? NODES.arrayNode().add(node) : NODES.objectNode().set("n", node);
        }
        return node;
    }

    /** Raw UTF-8 or \\u-escaped JSON; text with a lone surrogate can only be written escaped. */
    private static byte[] write(ObjectNode tree, boolean ascii) {
        try {
            String text = tree.toString();
            return ascii || !StandardCharsets.UTF_8.newEncoder().canEncode(text)
                    ? ASCII.writeValueAsBytes(tree)
                    : RAW.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long mix(long seed, int index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A place in the tree: a field of an object or an element of an array (path only where a report needs it). */
    record Slot(JsonNode parent, String name, int index, String path) {

        /** The place at a path such as "data.envelope.signers[1].status" (array items included). */
        static Slot at(JsonNode root, String path) {
            JsonNode parent = root;
            String[] steps = path.split("\\.");
            for (int i = 0;; i++) {
                String step = steps[i];
                int bracket = step.indexOf('[');
                String name = bracket < 0 ? step : step.substring(0, bracket);
                int index = bracket < 0 ? -1 : Integer.parseInt(step.substring(bracket + 1, step.length() - 1));
                if (i == steps.length - 1) {
                    return index < 0 ? new Slot(parent, name, -1, path) : new Slot(parent.get(name), null, index, path);
                }
                parent = index < 0 ? parent.get(name) : parent.get(name).get(index);
            }
        }

        void set(String json) {
            try {
                set(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json));
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException(json, e);
            }
        }

        JsonNode get() {
            return name != null ? parent.get(name) : parent.get(index);
        }

        void set(JsonNode value) {
            if (name != null) {
                ((ObjectNode) parent).set(name, value);
            } else {
                ((ArrayNode) parent).set(index, value);
            }
        }

        void remove() {
            if (name != null) {
                ((ObjectNode) parent).remove(name);
            } else {
                ((ArrayNode) parent).remove(index);
            }
        }

        java.util.Optional<ObjectNode> parentObject() {
            return parent instanceof ObjectNode object ? java.util.Optional.of(object) : java.util.Optional.empty();
        }
    }

    private static void collect(JsonNode node, String path, List<Slot> slots) {
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> {
                String at = path.isEmpty() ? name : path + "." + name;
                slots.add(new Slot(node, name, -1, at));
                collect(node.get(name), at, slots);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                slots.add(new Slot(node, null, i, path + "[" + i + "]"));
                collect(node.get(i), path + "[" + i + "]", slots);
            }
        }
    }
}
