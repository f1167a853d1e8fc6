package com.certyneo.slack.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * Slack's Web API as far as delivery needs it, over real HTTP: timestamps every chat.postMessage on arrival and
 * enforces Slack's 1 message per second per channel strictly, at the receiving side — a call that arrives less than
 * 1000 ms after the previous accepted one of its channel gets 429 with Retry-After, like Slack.
 */
final class FakeSlack implements AutoCloseable {

    /** One accepted chat.postMessage: its channel, the event marker found in its text, arrival time. */
    record Post(String channel, long marker, long arrivedNanos) {
    }

    private static final Pattern MARKER = Pattern.compile("bench-(\\d+)");
    private static final long MIN_GAP_NANOS = 1_000_000_000L;

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Post> posts = new ConcurrentLinkedQueue<>();
    private final Map<String, Long> lastArrival = new ConcurrentHashMap<>();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong ts = new AtomicLong(1_700_000_000_000_000L);

    private FakeSlack(HttpServer server) {
        this.server = server;
    }

    static FakeSlack start(Vertx vertx) throws Exception {
        FakeSlack[] self = new FakeSlack[1];
        HttpServer server = vertx.createHttpServer().requestHandler(req -> self[0].handle(req));
        self[0] = new FakeSlack(server);
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        return self[0];
    }

    int port() {
        return server.actualPort();
    }

    private void handle(HttpServerRequest req) {
        req.body().onSuccess(body -> {
            long arrived = System.nanoTime();
            if (!req.path().endsWith("/chat.postMessage")) {
                json(req, 200, new JsonObject().put("ok", true));
                return;
            }
            JsonObject message = body.toJsonObject();
            String channel = message.getString("channel", "");
            if (!admit(channel, arrived)) {
                rateLimited.incrementAndGet();
                req.response().putHeader("Retry-After", "1");
                json(req, 429, new JsonObject().put("ok", false).put("error", "ratelimited"));
                return;
            }
            Matcher m = MARKER.matcher(message.getString("text", ""));
            posts.add(new Post(channel, m.find() ? Long.parseLong(m.group(1)) : -1, arrived));
            long stamp = ts.incrementAndGet();
            json(req, 200, new JsonObject().put("ok", true).put("channel", channel)
                    .put("ts", (stamp / 1_000_000) + "." + String.format("%06d", stamp % 1_000_000)));
        });
    }

    /** Strict per-channel pacing, decided atomically per channel. */
    private boolean admit(String channel, long arrived) {
        boolean[] ok = {false};
        lastArrival.compute(channel, (c, last) -> {
            if (last == null || arrived - last >= MIN_GAP_NANOS) {
                ok[0] = true;
                return arrived;
            }
            return last;
        });
        return ok[0];
    }

    private static void json(HttpServerRequest req, int status, JsonObject body) {
        req.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }

    List<Post> posts() {
        return new ArrayList<>(posts);
    }

    long rateLimited() {
        return rateLimited.get();
    }

    @Override
    public void close() {
        server.close();
    }
}
