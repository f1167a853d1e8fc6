package com.certyneo.slack.webhook;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import com.certyneo.slack.problem.ProblemException;
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
 * Strict parse and validation of a Certyneo webhook body. Checks what the Slack renderer relies on
 * and answers every defect with a 400 naming the field (e.g. {@code data.envelope.title}). Unknown
 * fields are ignored, but every string anywhere must be storable by PostgreSQL (no NUL, no lone
 * surrogate) and numbers must stay within its numeric range, so that a body that passes here can
 * never fail at the database. Pure and thread-safe.
 */
public final class WebhookPayloadParser {

    static final int MAX_DEPTH = 32;
    private static final int MAX_ID_LENGTH = 200;
    private static final int MAX_URL_LENGTH = 3000;
    private static final int MAX_NUMBER_MAGNITUDE = 1000;
    private static final Set<String> SIGNER_STATUSES = Set.of("pending", "signed", "declined");

    private final ObjectMapper mapper;

    public WebhookPayloadParser() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH).maxNumberLength(100).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
    }

    public ValidatedEvent parse(byte[] body) {
        JsonNode root = readTree(body);
        if (root == null || !root.isObject()) {
            throw ProblemException.badRequest(null, "The body must be a JSON object.");
        }
        checkStorable(root, "");
        String type = text(root, "type", "type", true);
        if (!EventTypes.isKnown(type)) {
            // Data of types we do not handle is not validated: their shape is not ours to judge.
            return ValidatedEvent.unknownType(type);
        }
        String id = identifier(root, "id", "id");
        String accountId = identifier(root, "account_id", "account_id");
        OffsetDateTime createdAt = timestamp(root, "created_at");
        JsonNode data = object(root, "data", "data");
        JsonNode envelope = object(data, "envelope", "data.envelope");
        identifier(envelope, "id", "data.envelope.id");
        text(envelope, "title", "data.envelope.title", false);
        url(envelope, "url", "data.envelope.url");
        optionalText(envelope, "expires_at", "data.envelope.expires_at");
        JsonNode sender = envelope.get("sender");
        if (sender != null && !sender.isNull()) {
            if (!sender.isObject()) {
                throw invalid("data.envelope.sender", "must be an object");
            }
            optionalText(sender, "name", "data.envelope.sender.name");
            optionalText(sender, "email", "data.envelope.sender.email");
        }
        signers(envelope);
        if (EventTypes.RECIPIENT_SIGNED.equals(type) || EventTypes.DECLINED.equals(type)) {
            JsonNode recipient = object(data, "recipient", "data.recipient");
            optionalText(recipient, "id", "data.recipient.id");
            text(recipient, "name", "data.recipient.name", false);
            optionalText(recipient, "email", "data.recipient.email");
        }
        if (EventTypes.DECLINED.equals(type)) {
            text(data, "decline_reason", "data.decline_reason", false);
        }
        if (EventTypes.COMPLETED.equals(type)) {
            url(envelope, "proof_pdf_url", "data.envelope.proof_pdf_url");
        }
        return new ValidatedEvent(id, type, createdAt, accountId, storableText(body), true);
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

    private static void signers(JsonNode envelope) {
        JsonNode signers = envelope.get("signers");
        if (signers == null || signers.isNull()) {
            throw invalid("data.envelope.signers", "is required");
        }
        if (!signers.isArray()) {
            throw invalid("data.envelope.signers", "must be an array");
        }
        for (int i = 0; i < signers.size(); i++) {
            String path = "data.envelope.signers[" + i + "]";
            JsonNode signer = signers.get(i);
            if (!signer.isObject()) {
                throw invalid(path, "must be an object");
            }
            optionalText(signer, "id", path + ".id");
            text(signer, "name", path + ".name", false);
            optionalText(signer, "email", path + ".email");
            optionalText(signer, "signed_at", path + ".signed_at");
            String status = text(signer, "status", path + ".status", true);
            if (!SIGNER_STATUSES.contains(status)) {
                throw invalid(path + ".status", "must be one of pending, signed, declined");
            }
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

    private static String text(JsonNode parent, String name, String path, boolean nonBlank) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            throw invalid(path, "is required");
        }
        if (!node.isTextual()) {
            throw invalid(path, "must be a string");
        }
        if (nonBlank && node.textValue().isBlank()) {
            throw invalid(path, "must not be blank");
        }
        return node.textValue();
    }

    private static void optionalText(JsonNode parent, String name, String path) {
        JsonNode node = parent.get(name);
        if (node != null && !node.isNull() && !node.isTextual()) {
            throw invalid(path, "must be a string");
        }
    }

    private static String identifier(JsonNode parent, String name, String path) {
        String value = text(parent, name, path, true);
        if (value.length() > MAX_ID_LENGTH) {
            throw invalid(path, "must be at most " + MAX_ID_LENGTH + " characters");
        }
        return value;
    }

    private static void url(JsonNode parent, String name, String path) {
        String value = text(parent, name, path, true);
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme();
            if (value.length() > MAX_URL_LENGTH || uri.getHost() == null
                    || !("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))) {
                throw invalid(path, "must be an absolute http(s) URL of at most " + MAX_URL_LENGTH + " characters");
            }
        } catch (URISyntaxException e) {
            throw invalid(path, "must be an absolute http(s) URL");
        }
    }

    private static OffsetDateTime timestamp(JsonNode parent, String path) {
        String value = text(parent, path, path, true);
        try {
            OffsetDateTime time = OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            if (time.getYear() < 1970 || time.getYear() > 9999) {
                throw invalid(path, "must be a date between 1970 and 9999");
            }
            return time;
        } catch (DateTimeParseException e) {
            throw invalid(path, "must be an RFC 3339 timestamp such as 2026-11-26T10:15:30Z");
        }
    }

    /** Every string and field name storable as PostgreSQL jsonb; numbers within numeric range. */
    private static void checkStorable(JsonNode node, String path) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!storable(field.getKey())) {
                    throw invalid(path.isEmpty() ? "(root)" : path,
                            "has a field name with a NUL character or invalid Unicode");
                }
                checkStorable(field.getValue(), child(path, field.getKey()));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkStorable(node.get(i), path + "[" + i + "]");
            }
        } else if (node.isTextual()) {
            if (!storable(node.textValue())) {
                throw invalid(path, "contains a NUL character or invalid Unicode");
            }
        } else if (node.isBigDecimal()) {
            BigDecimal number = node.decimalValue();
            if (number.precision() - number.scale() > MAX_NUMBER_MAGNITUDE || number.scale() > MAX_NUMBER_MAGNITUDE) {
                throw invalid(path, "is a number out of range");
            }
        }
    }

    private static String child(String path, String name) {
        String full = path.isEmpty() ? name : path + "." + name;
        // a path only echoes field names that passed the check above; keep it short
        if (full.length() <= 200) {
            return full;
        }
        int cut = Character.isHighSurrogate(full.charAt(199)) ? 199 : 200;
        return full.substring(0, cut) + "…";
    }

    private static boolean storable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
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
