package com.certyneo.slack.local.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Certyneo webhook bodies for the stand-in's "send sample event": the five shapes of the shared fixtures
 * (sandbox/events/*.json), with a fresh event id, the sandbox account, and the title, signers and envelope the
 * user typed. Signers are written one per line as {@code Name <email> status}.
 */
final class SampleEvents {

    static final List<String> TYPES = List.of("envelope.completed", "envelope.declined", "envelope.expired",
            "envelope.sent", "recipient.signed");
    private static final Pattern SIGNER = Pattern.compile("^\\s*(.*?)\\s*(?:<([^>]*)>)?\\s*(pending|signed|declined)?\\s*$");

    private final Clock clock;
    private final SlackWorkspace ids;

    SampleEvents(Clock clock, SlackWorkspace ids) {
        this.clock = clock;
        this.ids = ids;
    }

    /** The template's signers as the form shows them at first. */
    static String signersText(String type) {
        StringBuilder text = new StringBuilder();
        template(type).getJsonObject("data").getJsonObject("envelope").getJsonArray("signers").forEach(s -> {
            JsonObject signer = (JsonObject) s;
            text.append(signer.getString("name")).append(" <").append(signer.getString("email")).append("> ")
                    .append(signer.getString("status")).append('\n');
        });
        return text.toString().trim();
    }

    static String title(String type) {
        return template(type).getJsonObject("data").getJsonObject("envelope").getString("title");
    }

    /** One event; null title/signers/envelope keep the template's. */
    JsonObject build(String type, String accountId, String envelopeId, String title, String signers,
            String declineReason) {
        JsonObject event = template(type);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        event.put("id", "evt_sbx_" + ids.hex(6)).put("created_at", now.toString()).put("account_id", accountId);
        JsonObject data = event.getJsonObject("data");
        JsonObject envelope = data.getJsonObject("envelope");
        String id = envelopeId == null || envelopeId.isBlank() ? envelope.getString("id") : envelopeId.trim();
        envelope.put("id", id).put("url", "https://app.certyneo.com/envelopes/" + id);
        if (envelope.containsKey("proof_pdf_url")) {
            envelope.put("proof_pdf_url", "https://app.certyneo.com/envelopes/" + id + "/proof.pdf");
        }
        if (title != null) {
            envelope.put("title", title);
        }
        if (signers != null && !signers.isBlank()) {
            envelope.put("signers", parseSigners(signers, now));
        }
        if (data.containsKey("recipient")) {
            String wanted = "envelope.declined".equals(type) ? "declined" : "signed";
            JsonArray all = envelope.getJsonArray("signers");
            all.stream().map(JsonObject.class::cast).filter(s -> wanted.equals(s.getString("status")))
                    .reduce((first, second) -> "signed".equals(wanted) ? second : first)
                    .or(() -> all.stream().map(JsonObject.class::cast).findFirst())
                    .ifPresent(s -> data.put("recipient", new JsonObject().put("id", s.getString("id"))
                            .put("name", s.getString("name")).put("email", s.getString("email"))));
        }
        if (declineReason != null && data.containsKey("decline_reason")) {
            data.put("decline_reason", declineReason);
        }
        return event;
    }

    private static JsonArray parseSigners(String text, Instant now) {
        JsonArray signers = new JsonArray();
        int n = 0;
        for (String line : text.split("\\R")) {
            Matcher m = SIGNER.matcher(line);
            if (line.isBlank() || !m.matches() || m.group(1).isEmpty()) {
                continue;
            }
            n++;
            String name = m.group(1);
            String email = m.group(2) == null || m.group(2).isBlank()
                    ? name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", ".") + "@acme.example"
                    : m.group(2).trim();
            String status = m.group(3) == null ? "pending" : m.group(3);
            JsonObject signer = new JsonObject().put("id", "rcp_" + n).put("name", name).put("email", email)
                    .put("status", status);
            if (!"pending".equals(status)) {
                signer.put("signed".equals(status) ? "signed_at" : "declined_at", now.minusSeconds(60 - n).toString());
            }
            signers.add(signer);
        }
        return signers;
    }

    private static JsonObject template(String type) {
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("unknown event type " + type);
        }
        try (InputStream in = Thread.currentThread().getContextClassLoader()
                .getResourceAsStream("sandbox/events/" + type + ".json")) {
            if (in == null) {
                throw new IllegalStateException("sandbox/events/" + type + ".json is missing");
            }
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
