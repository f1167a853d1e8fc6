package com.certyneo.slack.event;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * A Certyneo event as this service understands it (SPEC section 2), read tolerantly: a field that is missing,
 * null, of the wrong type or unusable is null here and named in {@link #warnings()}, so that the message
 * degrades instead of being lost. The intake (which counts the warnings once) and the delivery (which renders
 * the stored payload) read through this same class, so what is counted is exactly what degrades. Pure.
 * <p>
 * Blank strings are legitimate values (an untitled envelope, no reason given): they read as null, without
 * a warning. Link URLs are kept only when they are {@code https} on the host of the envelope's own URL.
 *
 * @param type the event type
 * @param id the event id (required at the intake, so never null for a stored event)
 * @param accountId the Certyneo account (required at the intake)
 * @param createdAt {@code created_at} when it is an RFC 3339 timestamp in 1970–9999, else null
 * @param envelopeId the envelope id (required at the intake)
 * @param title the envelope title, or null ("Untitled document")
 * @param envelopeUrl the envelope's https URL, or null (then no link button at all)
 * @param proofPdfUrl {@code envelope.completed}: the proof PDF's URL on the envelope's host, or null
 * @param signers the signers, or null when unknown (then no k/N)
 * @param actor who signed ({@code recipient.signed}) or declined ({@code envelope.declined}), or null
 * @param declineReason {@code envelope.declined}: the reason, or null
 * @param warnings the fields that could not be used as sent
 */
public record EnvelopeEvent(EventType type, String id, String accountId, OffsetDateTime createdAt,
        String envelopeId, String title, String envelopeUrl, String proofPdfUrl, List<Signer> signers, String actor,
        String declineReason, Set<PayloadField> warnings) {

    /** @param name null when unknown; @param status as sent, null when unknown; @param signedAt or null */
    public record Signer(String name, String status, Instant signedAt) {

        public boolean signed() {
            return "signed".equals(status);
        }
    }

    /** Slack's limit for a button URL; a longer link is left out. */
    static final int MAX_URL_LENGTH = 3000;
    private static final Set<String> SIGNER_STATUSES = Set.of("pending", "signed", "declined");

    /** @param body the webhook body as received or stored */
    public static EnvelopeEvent read(EventType type, JsonNode body) {
        return read(type, body, Set.of());
    }

    /** @param cleaned fields already warned about (text PostgreSQL could not store, cleaned by the intake) */
    public static EnvelopeEvent read(EventType type, JsonNode body, Set<PayloadField> cleaned) {
        Reader r = new Reader(body == null ? MissingNode.getInstance() : body);
        r.warnings.addAll(cleaned);
        return r.read(type);
    }

    private static final class Reader {

        private final JsonNode body;
        private final JsonNode data;
        private final EnumSet<PayloadField> warnings = EnumSet.noneOf(PayloadField.class);

        Reader(JsonNode body) {
            this.body = body;
            this.data = body.path("data");
        }

        EnvelopeEvent read(EventType type) {
            OffsetDateTime createdAt = timestamp(body.get("created_at"));
            JsonNode envelope = data.path("envelope");
            String title = text(envelope.get("title"), PayloadField.TITLE);
            URI envelopeUri = https(envelope.get("url"), PayloadField.URL);
            List<Signer> signers = signers(envelope.get("signers"));
            String proofPdfUrl = null;
            String actor = null;
            String reason = null;
            if (type == EventType.COMPLETED) {
                URI proof = https(envelope.get("proof_pdf_url"), PayloadField.PROOF_PDF_URL);
                if (proof != null && envelopeUri != null) {
                    proofPdfUrl = sameOrigin(proof, envelopeUri) ? proof.toString() : warn(PayloadField.PROOF_PDF_URL);
                }
            } else if (type == EventType.RECIPIENT_SIGNED || type == EventType.DECLINED) {
                actor = recipientName();
                if (actor == null && signers != null) {
                    actor = type == EventType.DECLINED ? firstDeclined(signers) : latestSigner(signers);
                }
                if (type == EventType.DECLINED) {
                    reason = text(data.get("decline_reason"), PayloadField.DECLINE_REASON);
                }
            }
            return new EnvelopeEvent(type, text(body.get("id"), null), text(body.get("account_id"), null), createdAt,
                    text(envelope.get("id"), null), title, envelopeUri == null ? null : envelopeUri.toString(),
                    proofPdfUrl, signers, actor, reason, Collections.unmodifiableSet(warnings));
        }

        /** {@code created_at} when it is an RFC 3339 timestamp in 1970–9999, else null and a warning. */
        private OffsetDateTime timestamp(JsonNode node) {
            try {
                if (node != null && node.isTextual()) {
                    OffsetDateTime time = OffsetDateTime.parse(node.textValue(),
                            DateTimeFormatter.ISO_OFFSET_DATE_TIME);
                    if (time.getYear() >= 1970 && time.getYear() <= 9999) {
                        return time;
                    }
                }
            } catch (DateTimeParseException e) {
                // warned below
            }
            return warn(PayloadField.CREATED_AT);
        }

        private String recipientName() {
            JsonNode recipient = data.get("recipient");
            if (recipient == null || !recipient.isObject()) {
                return warn(PayloadField.RECIPIENT);
            }
            return text(recipient.get("name"), PayloadField.RECIPIENT_NAME);
        }

        private List<Signer> signers(JsonNode list) {
            if (list == null || !list.isArray()) {
                return warn(PayloadField.SIGNERS);
            }
            List<Signer> signers = new ArrayList<>(list.size());
            for (JsonNode item : list) {
                if (!item.isObject()) {
                    warn(PayloadField.SIGNER);
                    continue;
                }
                String status = text(item.get("status"), PayloadField.SIGNER_STATUS);
                if (status != null && !SIGNER_STATUSES.contains(status)) {
                    warn(PayloadField.SIGNER_STATUS);
                }
                signers.add(new Signer(text(item.get("name"), PayloadField.SIGNER_NAME), status,
                        instant(item.get("signed_at"))));
            }
            return signers;
        }

        /** A string's value (null when blank); missing, null or not a string → null and a warning. */
        private String text(JsonNode node, PayloadField field) {
            if (node == null || !node.isTextual()) {
                return field == null ? null : warn(field);
            }
            return node.textValue().isBlank() ? null : node.textValue();
        }

        private Instant instant(JsonNode node) {
            if (node == null || node.isNull()) {
                return null; // not signed yet
            }
            try {
                if (node.isTextual()) {
                    return OffsetDateTime.parse(node.textValue(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
                }
            } catch (DateTimeParseException e) {
                // warned below
            }
            return warn(PayloadField.SIGNER_SIGNED_AT);
        }

        /** An absolute https URL with a host and no user info, at most 3000 characters; else null and a warning. */
        private URI https(JsonNode node, PayloadField field) {
            String value = text(node, field);
            if (value == null) {
                return null;
            }
            String url = value.strip();
            try {
                URI uri = new URI(url);
                if (url.length() <= MAX_URL_LENGTH && "https".equalsIgnoreCase(uri.getScheme())
                        && uri.getHost() != null && uri.getRawUserInfo() == null) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // warned below
            }
            return warn(field);
        }

        private <T> T warn(PayloadField field) {
            warnings.add(field);
            return null;
        }
    }

    private static boolean sameOrigin(URI link, URI envelope) {
        return link.getHost().toLowerCase(Locale.ROOT).equals(envelope.getHost().toLowerCase(Locale.ROOT))
                && port(link) == port(envelope);
    }

    private static int port(URI uri) {
        return uri.getPort() == -1 ? 443 : uri.getPort();
    }

    private static String firstDeclined(List<Signer> signers) {
        return signers.stream().filter(s -> "declined".equals(s.status())).findFirst().map(Signer::name).orElse(null);
    }

    /** The signer with the latest signed_at (the first of equals). */
    private static String latestSigner(List<Signer> signers) {
        return signers.stream().filter(s -> s.signedAt() != null)
                .max(Comparator.comparing(Signer::signedAt))
                .map(Signer::name).orElse(null);
    }
}
