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

    /**
     * Whether the raw body certainly holds nothing {@link #clean} would change, read from its bytes without a tree:
     * no escaped NUL or surrogate (backslash, u and four hex digits), no byte that may start a UTF-8 encoded surrogate
     * ({@code 0xED}) and no number with an exponent (without one, a number is at most
     * {@link WebhookPayloadParser#MAX_NUMBER_LENGTH} digits, within {@link #MAX_NUMBER_MAGNITUDE}). False only means
     * "walk the tree"; almost every webhook is true.
     */
    static boolean certainlyStorable(byte[] body) {
        boolean inString = false;
        for (int i = 0; i < body.length; i++) {
            int b = body[i] & 0xFF;
            if (b == 0xED) {
                return false;
            }
            if (inString) {
                if (b == '"') {
                    inString = false;
                } else if (b == '\\') {
                    if (i + 1 < body.length && body[i + 1] == 'u' && !harmlessEscape(body, i + 2)) {
                        return false;
                    }
                    i++; // the escaped character cannot end the string
                }
            } else if (b == '"') {
                inString = true;
            } else if ((b == 'e' || b == 'E') && i > 0 && (Character.isDigit(body[i - 1]) || body[i - 1] == '.')) {
                return false; // outside strings, an e after a digit is an exponent (true and false end in e too)
            }
        }
        return true;
    }

    /** The four hex digits at {@code from} name neither NUL nor a surrogate (a malformed escape: Jackson refuses). */
    private static boolean harmlessEscape(byte[] body, int from) {
        if (from + 4 > body.length) {
            return false;
        }
        int value = 0;
        for (int i = from; i < from + 4; i++) {
            int digit = Character.digit(body[i], 16);
            if (digit < 0) {
                return false;
            }
            value = value * 16 + digit;
        }
        return value != 0 && !Character.isSurrogate((char) value);
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
