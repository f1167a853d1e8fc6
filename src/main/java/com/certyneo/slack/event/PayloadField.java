package com.certyneo.slack.event;

/**
 * The optional webhook fields whose absence or defect degrades a message (SPEC section 2, "Tolerant
 * reader"): the bounded {@code field} tag of {@code certyneo_webhook_payload_warnings_total}. Array items
 * are written {@code []}, never with their index, so the set stays bounded.
 */
public enum PayloadField {

    CREATED_AT("created_at"), TITLE("data.envelope.title"), URL("data.envelope.url"), SIGNERS(
            "data.envelope.signers"), SIGNER("data.envelope.signers[]"), SIGNER_NAME(
                    "data.envelope.signers[].name"), SIGNER_STATUS("data.envelope.signers[].status"), SIGNER_SIGNED_AT(
                            "data.envelope.signers[].signed_at"), PROOF_PDF_URL(
                                    "data.envelope.proof_pdf_url"), RECIPIENT("data.recipient"), RECIPIENT_NAME(
                                            "data.recipient.name"), DECLINE_REASON("data.decline_reason"),
    /** Any other field, e.g. an unknown one whose text PostgreSQL could not store and was cleaned. */
    OTHER("other");

    private final String path;

    PayloadField(String path) {
        this.path = path;
    }

    /** The tag value, e.g. {@code data.envelope.signers[].name}. */
    public String path() {
        return path;
    }

    /** The field at a path written like {@link #path()} (indexes already replaced by {@code []}). */
    public static PayloadField ofPath(String path) {
        for (PayloadField field : values()) {
            if (field.path.equals(path)) {
                return field;
            }
        }
        return OTHER;
    }

    @Override
    public String toString() {
        return path;
    }
}
