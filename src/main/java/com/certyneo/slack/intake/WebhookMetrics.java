package com.certyneo.slack.intake;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.certyneo.slack.event.EventType;
import com.certyneo.slack.event.PayloadField;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code certyneo_webhooks_total{type,outcome}}: type is one of the five event types or
 * "unknown" (also for requests refused before the type was known); outcome is accepted,
 * duplicate, ignored, invalid, unauthorized, too_large, unsupported_media_type, unavailable or
 * error. {@code certyneo_webhook_payload_warnings_total{field}}: accepted events whose message
 * degrades because of that optional field ({@link PayloadField}). All tag sets are bounded.
 */
@ApplicationScoped
public class WebhookMetrics {

    static final String NAME = "certyneo.webhooks";
    static final String WARNINGS = "certyneo.webhook.payload.warnings";

    private final MeterRegistry registry;
    /** Looked up once per (type, outcome): registering again on every webhook builds and sorts an id each time. */
    private final Map<Outcome, Counter> webhooks = new ConcurrentHashMap<>();

    public WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** @param type null when unknown or not read (a request refused before) */
    void count(EventType type, String outcome) {
        webhooks.computeIfAbsent(new Outcome(type, outcome), key -> Counter.builder(NAME)
                .description("Certyneo webhooks received, by event type and outcome")
                .tag("type", key.type() == null ? EventType.UNKNOWN_TAG : key.type().wire())
                .tag("outcome", key.outcome())
                .register(registry)).increment();
    }

    private record Outcome(EventType type, String outcome) {
    }

    void warned(PayloadField field) {
        Counter.builder(WARNINGS)
                .description("Accepted webhooks whose message degrades because of an optional field")
                .tag("field", field.path())
                .register(registry)
                .increment();
    }

    static String outcomeOf(int status) {
        return switch (status) {
            case 400 -> "invalid";
            case 401 -> "unauthorized";
            case 413 -> "too_large";
            case 415 -> "unsupported_media_type";
            case 503 -> "unavailable";
            default -> "error";
        };
    }
}
