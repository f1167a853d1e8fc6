package com.certyneo.slack.bench;

import java.util.concurrent.atomic.AtomicLong;

import com.certyneo.slack.testsupport.StandardWebhooks;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * Validly signed, unique Certyneo webhooks (Standard Webhooks, SPEC section 2). Every event has its own id and a
 * title carrying "bench-{n}" so that the fake Slack can tie each message to its event.
 */
final class Events {

    /** One request ready to send. */
    record Signed(long marker, MultiMap headers, Buffer body) {
    }

    private static final String TEMPLATE = """
            {"id":"evt_bench_%s_%s","type":"envelope.sent","created_at":"2026-11-26T09:00:00Z","account_id":"%s",\
            "data":{"envelope":{"id":"env_%d","title":"Contract bench-%d","url":"https://app.certyneo.com/envelopes/env_%d",\
            "sender":{"name":"Claire Martin","email":"claire@certyneo.example"},\
            "signers":[{"id":"rcp_1","name":"Alice Dupont","email":"alice@acme.example","status":"pending"},\
            {"id":"rcp_2","name":"Bob Leroy","email":"bob@acme.example","status":"pending"},\
            {"id":"rcp_3","name":"Chloé Martin","email":"chloe@acme.example","status":"pending"}],\
            "expires_at":"2026-12-10T00:00:00Z"}}}""";

    private final String secret;
    private final String run;
    private final AtomicLong next = new AtomicLong();

    Events(String secret, String run) {
        this.secret = secret;
        this.run = run;
    }

    /** The body of one event with EVENT_ID in place of its id (for driving the intake statement directly). */
    static String payloadTemplate(String accountId) {
        // no "bench-{n}" marker in its title: these events are not followed to Slack
        return TEMPLATE.formatted("X", "0", accountId, 0, 0, 0).replace("evt_bench_X_0", "EVENT_ID")
                .replace("Contract bench-0", "Contract sql-only");
    }

    /**
     * An event id of kind {@code kind}: fixed width and increasing, as Certyneo's own ids are (ULID-like,
     * {@code evt_01JDX3Q4T7}: time first). A bare counter is not: "…_1000000" sorts between "…_100000" and
     * "…_100001", so from each power of ten on its inserts into the index on the event id land among older keys,
     * which production's do not (no measurable effect on the WAL in the runs of 2026-12-04 evening, BENCHMARKS.md).
     */
    static String id(String kind, String run, long n) {
        return "evt_" + kind + "_" + run + "_" + sequence(n);
    }

    /** {@code n} zero-padded to 12 digits. */
    static String sequence(long n) {
        String digits = Long.toString(n);
        return "000000000000".substring(Math.min(12, digits.length())) + digits;
    }

    Signed next(String accountId) {
        long n = next.incrementAndGet();
        String body = TEMPLATE.formatted(run, sequence(n), accountId, n, n, n);
        String id = "msg_bench_" + run + "_" + n;
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("content-type", "application/json")
                .add("webhook-id", id)
                .add("webhook-timestamp", timestamp)
                .add("webhook-signature", StandardWebhooks.sign(secret, id, timestamp, body));
        return new Signed(n, headers, Buffer.buffer(body));
    }
}
