package com.certyneo.slack.intake;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Makes a parsed webhook body storable as PostgreSQL {@code jsonb}, in place: a NUL character or a lone
 * surrogate (in a value or a field name) becomes U+FFFD, a decimal beyond PostgreSQL's numeric range becomes
 * the text of the number. Valid JSON that PostgreSQL cannot store must not lose a notification; the
 * required fields are checked before, so they are never changed here. Pure.
 */
final class StorableJson {

    /** Digits before or after the decimal point that a stored number may have (PostgreSQL allows more). */
    static final int MAX_NUMBER_MAGNITUDE = 1000;
    private static final char REPLACEMENT = '\uFFFD';

    private StorableJson() {
    }

    /**
     * @param changed told the path of every value changed, array indexes written {@code []}
     * @return whether anything was changed
     */
    static boolean clean(JsonNode root, Consumer<String> changed) {
        boolean[] any = {false};
        clean(root, "", path -> {
            any[0] = true;
            changed.accept(path);
        });
        return any[0];
    }

    private static void clean(JsonNode node, String path, Consumer<String> changed) {
        if (node instanceof ObjectNode object) {
            cleanNames(object, path, changed);
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                JsonNode fixed = fixed(field.getValue(), at, changed);
                if (fixed != null) {
                    field.setValue(fixed);
                } else {
                    clean(field.getValue(), at, changed);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode fixed = fixed(array.get(i), path + "[]", changed);
                if (fixed != null) {
                    array.set(i, fixed);
                } else {
                    clean(array.get(i), path + "[]", changed);
                }
            }
        }
    }

    /** The replacement of a scalar PostgreSQL cannot store, or null when it can (or is not a scalar). */
    private static JsonNode fixed(JsonNode value, String path, Consumer<String> changed) {
        if (value.isTextual() && !storable(value.textValue())) {
            changed.accept(path);
            return JsonNodeFactory.instance.textNode(storableText(value.textValue()));
        }
        if (value.isBigDecimal()) {
            BigDecimal number = value.decimalValue();
            if (number.precision() - number.scale() > MAX_NUMBER_MAGNITUDE || number.scale() > MAX_NUMBER_MAGNITUDE) {
                changed.accept(path);
                return JsonNodeFactory.instance.textNode(number.toString());
            }
        }
        return null;
    }

    /** Renames fields whose name PostgreSQL cannot store, keeping their order; a clash drops the later one. */
    private static void cleanNames(ObjectNode object, String path, Consumer<String> changed) {
        boolean clean = true;
        for (String name : (Iterable<String>) object::fieldNames) {
            clean &= storable(name);
        }
        if (clean) {
            return;
        }
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(object.properties());
        object.removeAll();
        for (Map.Entry<String, JsonNode> field : fields) {
            String name = field.getKey();
            if (!storable(name)) {
                name = storableText(name);
                changed.accept(path.isEmpty() ? name : path + "." + name);
            }
            if (!object.has(name)) {
                object.set(name, field.getValue());
            }
        }
    }

    static boolean storable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0 || Character.isLowSurrogate(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return false;
                }
                i++;
            }
        }
        return true;
    }

    private static String storableText(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                out.append(c).append(value.charAt(++i));
            } else {
                out.append(c == 0 || Character.isSurrogate(c) ? REPLACEMENT : c);
            }
        }
        return out.toString();
    }
}
