package com.certyneo.slack.intake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Optional;

import com.certyneo.slack.event.EnvelopeEvent;
import com.certyneo.slack.event.EventType;
import com.certyneo.slack.event.PayloadField;
import com.certyneo.slack.platform.ProblemException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Parse of a Certyneo webhook body as a tolerant reader (SPEC section 2): only {@code id}, {@code type},
 * {@code account_id} and {@code data.envelope.id} are required, and a missing or invalid one is a 400 naming
 * it. Every other field may be missing, null or of another type: the event is accepted, the fields its
 * message cannot use are listed as warnings ({@link EnvelopeEvent}) and text PostgreSQL cannot store is
 * cleaned ({@link StorableJson}). A body that is not JSON, or too deeply nested, is still a 400. Pure and
 * thread-safe.
 */
public final class WebhookPayloadParser {

    /** Deep enough for any field Certyneo may add; a bound for the recursive walks and PostgreSQL. */
    static final int MAX_DEPTH = 128;
    /** Longest number literal read (Jackson's own default). */
    static final int MAX_NUMBER_LENGTH = 1000;
    static final int MAX_ID_LENGTH = 200;

    private final ObjectMapper mapper;

    public WebhookPayloadParser() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH).maxNumberLength(MAX_NUMBER_LENGTH).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
    }

    /** @return empty for a type this service does not handle */
    public Optional<ValidatedEvent> parse(byte[] body) {
        JsonNode root = readTree(body);
        if (root == null || !root.isObject()) {
            throw ProblemException.badRequest(null, "The body must be a JSON object.");
        }
        JsonNode typeNode = root.get("type");
        if (typeNode == null || !typeNode.isTextual() || typeNode.textValue().isBlank()) {
            throw invalid("type", typeNode == null || typeNode.isNull() ? "is required" : "must be a non-empty string");
        }
        Optional<EventType> type = EventType.fromWire(typeNode.textValue());
        if (type.isEmpty()) {
            // Data of types we do not handle is not read: their shape is not ours to judge.
            return Optional.empty();
        }
        identifier(root, "id", "id");
        identifier(root, "account_id", "account_id");
        JsonNode envelope = object(object(root, "data", "data"), "envelope", "data.envelope");
        identifier(envelope, "id", "data.envelope.id");

        EnumSet<PayloadField> cleaned = EnumSet.noneOf(PayloadField.class);
        boolean changed = !StorableJson.certainlyStorable(body)
                && StorableJson.clean(root, path -> cleaned.add(PayloadField.ofPath(path)));
        return Optional.of(new ValidatedEvent(EnvelopeEvent.read(type.get(), root, cleaned),
                changed ? write(root) : storableText(body)));
    }

    private JsonNode readTree(byte[] body) {
        try {
            return mapper.readTree(body);
        } catch (StreamConstraintsException e) {
            String message = String.valueOf(e.getOriginalMessage());
            if (message.contains("nesting depth")) {
                throw ProblemException.badRequest(null, "The body is nested deeper than " + MAX_DEPTH + " levels.");
            }
            throw ProblemException.badRequest(null, "The body holds a value longer than allowed.");
        } catch (JsonProcessingException e) {
            if (String.valueOf(e.getOriginalMessage()).contains("UTF-8")) {
                throw ProblemException.badRequest(null, "The body is not valid UTF-8.");
            }
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw ProblemException.badRequest(null, "The body is not valid JSON" + where + ".");
        } catch (IOException e) {
            throw ProblemException.badRequest(null, "The body is not valid JSON.");
        }
    }

    private String write(JsonNode root) {
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed tree is always writable", e);
        }
    }

    private static JsonNode object(JsonNode parent, String name, String path) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            throw invalid(path, "is required");
        }
        if (!node.isObject()) {
            throw invalid(path, "must be an object");
        }
        return node;
    }

    /** A required identifier: a non-blank string of at most 200 characters, storable as it is. */
    private static void identifier(JsonNode parent, String name, String path) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            throw invalid(path, "is required");
        }
        if (!node.isTextual() || node.textValue().isBlank()) {
            throw invalid(path, "must be a non-empty string");
        }
        String value = node.textValue();
        if (value.length() > MAX_ID_LENGTH) {
            throw invalid(path, "must be at most " + MAX_ID_LENGTH + " characters");
        }
        if (!StorableJson.storable(value)) {
            throw invalid(path, "contains a NUL character or invalid Unicode");
        }
    }

    private static String storableText(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        // Jackson skips a byte order mark, PostgreSQL's json parser does not
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static ProblemException invalid(String path, String what) {
        return ProblemException.badRequest(path, path + " " + what + ".");
    }
}
