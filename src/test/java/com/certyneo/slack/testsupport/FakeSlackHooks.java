package com.certyneo.slack.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A fake of Slack's {@code response_url} endpoints (https://hooks.slack.com/actions/…) over real
 * HTTP: answers 200 "ok" to a JSON POST, like Slack, and records each reply. Any request that
 * reaches it under another path is recorded too, so tests can prove where replies went. Started by
 * {@link FakeCertyneoResource}, which points {@code resend.response-url-prefixes} at
 * {@link #prefix()}.
 */
public final class FakeSlackHooks {

    private static volatile FakeSlackHooks current;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One reply received: path, JSON body and arrival. */
    public record Hook(Instant at, String path, JsonNode body) {

        public String text() {
            return body.path("text").asText();
        }

        public String responseType() {
            return body.path("response_type").asText();
        }
    }

    private final Object lock = new Object();
    private final AtomicLong sequence = new AtomicLong();
    private final List<Hook> hooks = new ArrayList<>();
    private HttpServer server;
    private LocalHttp http;

    public static FakeSlackHooks get() {
        FakeSlackHooks fake = current;
        if (fake == null) {
            throw new IllegalStateException("FakeSlackHooks is not started (FakeCertyneoResource registers it)");
        }
        return fake;
    }

    public static FakeSlackHooks start() {
        FakeSlackHooks fake = new FakeSlackHooks();
        fake.http = new LocalHttp("fake-slack-hooks");
        fake.server = fake.http.serve(0, "/", fake::handle);
        current = fake;
        return fake;
    }

    public void stop() {
        server.stop(0);
        http.close();
        if (current == this) {
            current = null;
        }
    }

    /** What the service is configured to accept as response_url prefix. */
    public String prefix() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/actions/";
    }

    /** A fresh response_url, unique per click, like Slack's. */
    public String newResponseUrl(String teamId) {
        return prefix() + teamId + "/" + sequence.incrementAndGet() + "/" + Long.toHexString(System.nanoTime());
    }

    public void reset() {
        synchronized (lock) {
            hooks.clear();
        }
    }

    public List<Hook> hooks() {
        synchronized (lock) {
            return List.copyOf(hooks);
        }
    }

    public List<Hook> hooks(String responseUrl) {
        String path = java.net.URI.create(responseUrl).getRawPath();
        return hooks().stream().filter(h -> h.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            JsonNode body;
            try {
                body = JSON.readTree(raw);
            } catch (IOException e) {
                body = JSON.getNodeFactory().textNode(new String(raw, StandardCharsets.UTF_8));
            }
            synchronized (lock) {
                hooks.add(new Hook(Instant.now(), exchange.getRequestURI().getRawPath(), body));
            }
            byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, ok.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(ok);
            }
        }
    }
}
